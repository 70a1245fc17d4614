package com.verenc.kms.node.metrics;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/** Serves /metrics (Prometheus text format) on the Pekko Management port. */
public final class MetricsRouteProvider extends AllDirectives implements ManagementRouteProvider {
  /** The Prometheus text exposition format, version 0.0.4, as scrapers expect it to be named. */
  private static final ContentType PROMETHEUS_TEXT =
      ContentTypes.parse("text/plain; version=0.0.4; charset=utf-8");

  private final NodeMetrics metrics;
  // A scrape counts rows in the database (the key gauges); it must not hold a thread of the
  // default dispatcher, which also runs the API's connections and HTTP streams.
  private final Executor blocking;

  public MetricsRouteProvider(ExtendedActorSystem system) {
    this.metrics = NodeMetrics.get(Adapter.toTyped(system));
    this.blocking = system.dispatchers().lookup("kms-key-dispatcher");
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return path(
        "metrics",
        () ->
            get(
                () ->
                    completeWithFuture(
                        CompletableFuture.supplyAsync(
                            () ->
                                HttpResponse.create()
                                    .withEntity(
                                        PROMETHEUS_TEXT,
                                        metrics.scrape().getBytes(StandardCharsets.UTF_8)),
                            blocking))));
  }
}
