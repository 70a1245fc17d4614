package com.verenc.kms.node.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.verenc.kms.node.config.NodeSettings;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * Serves /kms/cluster (JSON {@link ClusterStatus}) on the Pekko Management port; `kms cluster
 * status` reads it.
 */
public final class ClusterStatusRouteProvider extends AllDirectives
    implements ManagementRouteProvider {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final ClusterStatusCollector collector;

  public ClusterStatusRouteProvider(ExtendedActorSystem system) {
    NodeSettings settings = NodeSettings.from(system.settings().config());
    Duration timeout =
        system.settings().config().getDuration("kms.management.cluster-status-timeout");
    this.collector =
        new ClusterStatusCollector(
            Adapter.toTyped(system), settings.zone(), List.copyOf(settings.zones()), timeout);
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return pathPrefix(
        "kms",
        () ->
            path(
                "cluster",
                () ->
                    get(
                        () ->
                            onSuccess(
                                collector.collect(),
                                status ->
                                    complete(
                                        HttpEntities.create(
                                            ContentTypes.APPLICATION_JSON, toJson(status)))))));
  }

  private static String toJson(ClusterStatus status) {
    try {
      return JSON.writeValueAsString(status);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
