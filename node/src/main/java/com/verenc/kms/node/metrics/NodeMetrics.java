package com.verenc.kms.node.metrics;

import com.verenc.kms.node.persistence.ZoneDatabase;
import com.verenc.kms.node.persistence.breaker.BreakerState;
import com.verenc.kms.node.persistence.breaker.PersistencePlugin;
import com.verenc.kms.node.persistence.breaker.PluginBreakers;
import com.verenc.kms.node.quota.RequestClass;
import com.verenc.kms.node.replication.UnacknowledgedPushes;
import com.verenc.kms.node.schedule.KeySchedule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The node's metrics, in Prometheus text on the management port (/metrics): requests per operation
 * and outcome with a latency histogram, requests refused by quotas per account, keys and keys with
 * pending replication pushes in this zone, replication lag per replica zone, pushes awaiting
 * acknowledgement per target zone and the age of the oldest, cluster members by zone and status,
 * splits and zone-settings mismatches, shards and awake entities on this node, the database pool,
 * the journal's and snapshot store's circuit breakers, the build, the process (base units) and the
 * JVM.
 */
public final class NodeMetrics implements Extension {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  /** Building and registering a timer per request cost more than the request's own crypto. */
  private final Map<RequestSeries, Timer> requestTimers = new ConcurrentHashMap<>();

  private final Map<ThrottledSeries, Counter> throttledCounters = new ConcurrentHashMap<>();

  private record RequestSeries(String operation, String outcome) {}

  private record ThrottledSeries(String accountId, RequestClass requestClass) {}

  public static final ExtensionId<NodeMetrics> ID =
      new ExtensionId<>() {
        @Override
        public NodeMetrics createExtension(ActorSystem<?> system) {
          return new NodeMetrics();
        }
      };

  /**
   * Latency buckets of the request histograms: a few an SLO or alert would name, not Micrometer's
   * 71 percentile buckets per operation and outcome.
   */
  private static final Duration[] REQUEST_BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(1000)
  };

  private static final Duration[] LAG_BUCKETS = {
    Duration.ofMillis(50),
    Duration.ofMillis(250),
    Duration.ofSeconds(1),
    Duration.ofSeconds(5),
    Duration.ofSeconds(30),
    Duration.ofMinutes(2)
  };

  private NodeMetrics() {
    // Micrometer's process CPU time is in nanoseconds; ProcessMetrics exports it in seconds.
    registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"));
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new JvmInfoMetrics().bindTo(registry);
    ProcessMetrics.bind(registry);
  }

  public static NodeMetrics get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  /**
   * One TrentService request: its operation ("unknown" before it is known) and its outcome ("ok" or
   * the error name).
   */
  public void recordRequest(String operation, String outcome, long nanos) {
    requestTimers
        .computeIfAbsent(
            new RequestSeries(operation, outcome),
            s ->
                Timer.builder("kms_requests")
                    .description("TrentService requests by operation and outcome")
                    .tag("operation", s.operation())
                    .tag("outcome", s.outcome())
                    .serviceLevelObjectives(REQUEST_BUCKETS)
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * A request refused by an account's request-rate quota (accounts come from the credentials file).
   */
  public void recordThrottled(String accountId, RequestClass requestClass) {
    throttledCounters
        .computeIfAbsent(
            new ThrottledSeries(accountId, requestClass),
            s ->
                Counter.builder("kms_throttled_requests")
                    .description(
                        "Requests refused with ThrottlingException by the account's request-rate quota on this node")
                    .tag("account", s.accountId())
                    .tag("class", s.requestClass().label())
                    .register(registry))
        .increment();
  }

  /**
   * How long a replica zone lacked a key's current shared-state version: from the primary's first
   * push of it (in this incarnation of the key entity) to the zone's acknowledgement.
   */
  public void recordReplicationLag(String zone, String replicaZone, Duration lag) {
    Timer.builder("kms_replication_lag")
        .description(
            "Time from a multi-zone key's change on this zone until the replica zone acknowledged it")
        .tag("zone", zone)
        .tag("replica_zone", replicaZone)
        .serviceLevelObjectives(LAG_BUCKETS)
        .register(registry)
        .record(lag);
  }

  /**
   * Per other zone of the installation, the pushes this node's keys sent there and that zone has
   * not acknowledged (a push counts through its retries until acknowledged), and the age of the
   * oldest of them (0 when none), read when scraped.
   */
  public void bindPushes(
      String selfZone, Set<String> zones, UnacknowledgedPushes pushes, Clock clock) {
    for (String zone : new TreeSet<>(zones)) {
      if (zone.equals(selfZone)) {
        continue;
      }
      Gauge.builder("kms_replication_pushes_in_flight", pushes, p -> p.count(zone))
          .description(
              "Pushes of multi-zone keys hosted on this node sent to the zone and not acknowledged yet, retries included")
          .tag("zone", zone)
          .register(registry);
      Gauge.builder(
              "kms_replication_oldest_unacknowledged_seconds",
              pushes,
              p -> p.oldest(zone, clock.instant()).toNanos() / 1e9)
          .description(
              "Age of the oldest push to the zone not acknowledged yet, from its first sending; 0 when none")
          .tag("zone", zone)
          .register(registry);
    }
  }

  /** The installation's members by zone and status, and unreachable ones, read when scraped. */
  public void bindCluster(ActorSystem<?> system, Set<String> zones) {
    ClusterGauges.bind(registry, system, zones);
  }

  /** Shards and awake entities of each of these sharded types on this node, read when scraped. */
  public void bindShards(ActorSystem<?> system, List<String> entityTypes) {
    ShardGauges.bind(registry, system, entityTypes);
  }

  /** The zone database pool's connections by state, read when scraped. */
  public void bindDatabase(ZoneDatabase database) {
    for (ZoneDatabase.PoolState state : ZoneDatabase.PoolState.values()) {
      Gauge.builder("kms.db.pool.connections", database, d -> d.connections(state))
          .description(
              "Connections of the node's zone database pool: active, idle, pending (threads waiting)")
          .tag("state", state.label())
          .register(registry);
    }
  }

  /**
   * Whether the journal's and the snapshot store's circuit breakers refuse calls to the zone
   * database (open or half-open: 1, closed: 0), read from Pekko's breakers when scraped, NaN until
   * the plugin has started; and how often each opened.
   */
  public void bindPersistenceBreakers(PluginBreakers breakers) {
    for (PersistencePlugin plugin : PersistencePlugin.values()) {
      Gauge.builder("kms.persistence.circuit.breaker.open", breakers, b -> open(b.state(plugin)))
          .description(
              "1 while the persistence plugin's circuit breaker is open or half-open (calls to the zone database fail fast), 0 while closed, NaN before the plugin started")
          .tag("plugin", plugin.label())
          .register(registry);
      FunctionCounter.builder(
              "kms.persistence.circuit.breaker.opened", breakers, b -> b.timesOpened(plugin))
          .description(
              "Times the persistence plugin's circuit breaker opened (after failures, or when a half-open probe failed)")
          .tag("plugin", plugin.label())
          .register(registry);
    }
  }

  private static double open(Optional<BreakerState> state) {
    return state.map(s -> s.refusesCalls() ? 1.0 : 0.0).orElse(Double.NaN);
  }

  /** Gauges read from the zone's schedule index when scraped. */
  public void bindZone(String zone, KeySchedule schedule) {
    Gauge.builder("kms_keys", schedule, s -> s.countKeys())
        .description("Keys with material in this zone (live or awaiting secret erasure)")
        .tag("zone", zone)
        .register(registry);
    Gauge.builder("kms_replication_pending_keys", schedule, s -> s.countPendingPushes())
        .description(
            "Multi-zone keys of this zone with a shared-state version not yet acknowledged by every zone")
        .tag("zone", zone)
        .register(registry);
  }

  public String scrape() {
    return registry.scrape();
  }
}
