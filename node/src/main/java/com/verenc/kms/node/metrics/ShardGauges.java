package com.verenc.kms.node.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.sharding.ClusterSharding;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.pattern.Patterns;

/**
 * The shards this node hosts and the entities awake in them, per sharded type, asked of the node's
 * own shard regions when scraped. One scrape reads several series, so the answer is kept for a
 * second; a region that does not answer within the timeout reads as NaN (unknown), not 0.
 */
final class ShardGauges {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final Duration KEPT = Duration.ofSeconds(1);

  /** One region's counts; NaN when it did not answer. */
  private record Counts(double shards, double entities) {}

  private final ActorSystem<?> system;
  private final List<String> types;
  private Map<String, Counts> latest;
  private long readAtNanos;

  private ShardGauges(ActorSystem<?> system, List<String> types) {
    this.system = system;
    this.types = types;
  }

  static void bind(MeterRegistry registry, ActorSystem<?> system, List<String> types) {
    // Nothing else holds the gauges' object: the meters must (Micrometer's default is weak).
    ShardGauges gauges = new ShardGauges(system, types);
    for (String type : types) {
      Gauge.builder("kms.shards", gauges, g -> g.counts(type).shards())
          .description("Shards of each sharded type hosted on this node")
          .tag("type", type)
          .strongReference(true)
          .register(registry);
      Gauge.builder("kms.shard.entities", gauges, g -> g.counts(type).entities())
          .description("Entities awake in the shards of each sharded type on this node")
          .tag("type", type)
          .strongReference(true)
          .register(registry);
    }
  }

  private synchronized Counts counts(String type) {
    if (latest == null || System.nanoTime() - readAtNanos > KEPT.toNanos()) {
      Map<String, Counts> read = new HashMap<>();
      types.forEach(t -> read.put(t, ask(t)));
      latest = read;
      readAtNanos = System.nanoTime();
    }
    return latest.get(type);
  }

  /** Blocks for at most the timeout: scrapes run on the dispatcher meant for blocking work. */
  private Counts ask(String type) {
    try {
      Object answer =
          Patterns.ask(
                  ClusterSharding.get(Adapter.toClassic(system)).shardRegion(type),
                  ShardRegion.getRegionStatsInstance(),
                  TIMEOUT)
              .toCompletableFuture()
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (answer instanceof ShardRegion.ShardRegionStats stats) {
        double entities = 0;
        for (Object count : stats.getStats().values()) {
          entities += ((Number) count).doubleValue();
        }
        return new Counts(stats.getStats().size(), entities);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception noAnswer) {
      // unknown this time: NaN below
    }
    return new Counts(Double.NaN, Double.NaN);
  }
}
