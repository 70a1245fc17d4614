package com.verenc.kms.node.cluster;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.verenc.kms.node.config.NodeSettings;
import com.verenc.kms.node.management.JsonResponses;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
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
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private final ClusterStatusCollector collector;
  private final KeyLocator locator;
  private final Set<String> zones;

  public ClusterStatusRouteProvider(ExtendedActorSystem system) {
    NodeSettings settings = NodeSettings.from(system.settings().config());
    Duration timeout =
        system.settings().config().getDuration("kms.management.cluster-status-timeout");
    this.collector =
        new ClusterStatusCollector(
            Adapter.toTyped(system), settings.zone(), List.copyOf(settings.zones()), timeout);
    this.locator = new KeyLocator(Adapter.toTyped(system), settings.zone(), timeout);
    this.zones = Set.copyOf(settings.zones());
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
    if (!KEY_ID.matcher(keyId).matches()) {
      return json(
          400,
          Map.of(
              "message",
              "'"
                  + keyId
                  + "' is not a key id; give the key id (kms key locate resolves aliases and ARNs)"));
    }
    if (zone != null && !zones.contains(zone)) {
      return json(
          404,
          Map.of(
              "message",
              "unknown zone '"
                  + zone
                  + "'; the zones of this installation are "
                  + new TreeSet<>(zones)));
    }
    return onSuccess(
        locator.locate(keyId, zone == null ? collector.selfZone() : zone),
        location -> json(200, location));
  }

  private Route json(int status, Object body) {
    return complete(JsonResponses.of(status, body));
  }
}
