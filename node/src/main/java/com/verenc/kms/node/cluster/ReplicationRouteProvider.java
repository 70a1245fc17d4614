package com.verenc.kms.node.cluster;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * Serves, on the Pekko Management port: GET /kms/keys/KEY_ID/replication[?zone=Z] (JSON {@link
 * ReplicationStatus}, asked of the key's entity in every zone of its set; `kms replication
 * status`), POST /kms/keys/KEY_ID/replication/resync[?zone=Z][&replica-zone=R] (the key's primary
 * pushes to R, or to every replica zone, whatever they acknowledged) and POST
 * /kms/replication/resync?replica-zone=R (every other zone compares its primaries with R now; `kms
 * replication resync`). {@code zone} is where the key is looked up, this node's zone by default.
 * The resyncs are served though the management routes are read-only: they only make primaries send
 * again what they already own, and change nothing an operator decides.
 */
public final class ReplicationRouteProvider extends AllDirectives
    implements ManagementRouteProvider {
  private final ReplicationInspector inspector;
  private final String selfZone;
  private final Set<String> zones;

  public ReplicationRouteProvider(ExtendedActorSystem system) {
    ManagementSettings settings = ManagementSettings.of(system);
    this.selfZone = settings.node().zone();
    this.zones = Set.copyOf(settings.node().zones());
    this.inspector =
        new ReplicationInspector(Adapter.toTyped(system), selfZone, zones, settings.timeout());
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return pathPrefix(
        "kms",
        () ->
            concat(
                path(
                    segment("keys").slash(segment()).slash("replication"),
                    keyId ->
                        get(
                            () ->
                                parameterOptional(
                                    "zone",
                                    zone ->
                                        checked(
                                            keyId,
                                            zone,
                                            Optional.empty(),
                                            z -> answer(inspector.status(keyId, z)))))),
                path(
                    segment("keys").slash(segment()).slash("replication").slash("resync"),
                    keyId ->
                        post(
                            () ->
                                parameterOptional(
                                    "zone",
                                    zone ->
                                        parameterOptional(
                                            "replica-zone",
                                            replicaZone ->
                                                checked(
                                                    keyId,
                                                    zone,
                                                    replicaZone,
                                                    z ->
                                                        answer(
                                                            inspector.resync(
                                                                keyId,
                                                                z,
                                                                replicaZone.orElse(null)))))))),
                path(
                    segment("replication").slash("resync"),
                    () ->
                        post(
                            () ->
                                parameterOptional(
                                    "replica-zone",
                                    replicaZone -> zoneResync(replicaZone.orElse(null)))))));
  }

  /** Refuses a malformed key id or an unknown zone; otherwise answers for the zone asked. */
  private Route checked(
      String keyId,
      Optional<String> zone,
      Optional<String> replicaZone,
      Function<String, Route> answer) {
    return ManagementAnswers.badKeyId(keyId, "kms replication")
        .or(() -> ManagementAnswers.unknownZone(zone.orElse(null), zones))
        .or(() -> ManagementAnswers.unknownZone(replicaZone.orElse(null), zones))
        .<Route>map(this::complete)
        .orElseGet(() -> answer.apply(zone.orElse(selfZone)));
  }

  private Route zoneResync(String replicaZone) {
    if (replicaZone == null) {
      return complete(
          ManagementAnswers.message(
              400,
              "give the zone to resync: /kms/replication/resync?replica-zone=ZONE (every other"
                  + " zone compares its primaries with it)"));
    }
    return ManagementAnswers.unknownZone(replicaZone, zones)
        .<Route>map(this::complete)
        .orElseGet(() -> complete(ManagementAnswers.json(200, inspector.resyncZone(replicaZone))));
  }

  private Route answer(CompletionStage<?> answer) {
    return onComplete(
        answer,
        result -> {
          if (result.isSuccess()) {
            return complete(ManagementAnswers.json(200, result.get()));
          }
          Throwable cause = ReplicationInspector.cause(result.failed().get());
          return complete(
              cause instanceof ReplicationInspector.Unanswerable unanswerable
                  ? ManagementAnswers.message(unanswerable.status(), unanswerable.getMessage())
                  : ManagementAnswers.message(
                      500, "the node failed to answer: " + cause.getMessage()));
        });
  }
}
