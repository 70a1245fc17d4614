package com.verenc.kms.node.cluster;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.verenc.kms.node.config.NodeSettings;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * Serves, on the Pekko Management port, /kms/cluster (JSON {@link ClusterStatus}; `kms cluster
 * status` reads it) and /kms/keys/KEY_ID/location[?zone=Z] (JSON {@link KeyLocation}, this node's
 * zone by default; `kms key locate`).
 */
public final class ClusterStatusRouteProvider extends AllDirectives
    implements ManagementRouteProvider {
  private final ClusterStatusCollector collector;
  private final KeyLocator locator;
  private final Set<String> zones;

  public ClusterStatusRouteProvider(ExtendedActorSystem system) {
    ManagementSettings settings = ManagementSettings.of(system);
    NodeSettings node = settings.node();
    this.collector =
        new ClusterStatusCollector(
            Adapter.toTyped(system), node.zone(), List.copyOf(node.zones()), settings.timeout());
    this.locator = new KeyLocator(Adapter.toTyped(system), node.zone(), settings.timeout());
    this.zones = Set.copyOf(node.zones());
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return pathPrefix(
        "kms",
        () ->
            concat(
                path(
                    "cluster",
                    () -> get(() -> onSuccess(collector.collect(), status -> json(200, status)))),
                path(
                    segment("keys").slash(segment()).slash("location"),
                    keyId ->
                        get(
                            () ->
                                parameterOptional(
                                    "zone", zone -> location(keyId, zone.orElse(null)))))));
  }

  private Route location(String keyId, String zone) {
    return ManagementAnswers.badKeyId(keyId, "kms key locate")
        .or(() -> ManagementAnswers.unknownZone(zone, zones))
        .<Route>map(this::complete)
        .orElseGet(
            () ->
                onSuccess(
                    locator.locate(keyId, zone == null ? collector.selfZone() : zone),
                    location -> json(200, location)));
  }

  private Route json(int status, Object body) {
    return complete(ManagementAnswers.json(status, body));
  }
}
