package com.verenc.kms.node.metrics;

import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/** Serves /metrics (Prometheus text format) on the Pekko Management port. */
public final class MetricsRouteProvider extends AllDirectives implements ManagementRouteProvider {
  private final NodeMetrics metrics;

  public MetricsRouteProvider(ExtendedActorSystem system) {
    this.metrics = NodeMetrics.get(Adapter.toTyped(system));
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return path("metrics", () -> get(() ->
        complete(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, metrics.scrape()))));
  }
}
