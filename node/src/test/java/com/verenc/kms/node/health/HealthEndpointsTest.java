package com.verenc.kms.node.health;

import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.testkit.ManagementHttp;
import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pekko Management on KMS_MANAGEMENT_PORT: liveness, readiness (member Up, database answering),
 * members, and Prometheus metrics.
 */
class HealthEndpointsTest {
  @TempDir Path dir;

  private static HttpResponse<String> get(int port, String path) {
    return ManagementHttp.get(port, path);
  }

  @Test
  void aliveReadyAndMembersAnswerOnTheManagementPort() {
    try (TestNode node = TestNode.start(TestDatabase.h2(dir), Map.of("kms.management.port", 0))) {
      int port = node.node().managementPort().orElseThrow();
      assertEquals(200, get(port, "/alive").statusCode());
      eventually("ready", () -> get(port, "/ready").statusCode() == 200);
      HttpResponse<String> members = get(port, "/cluster/members");
      assertEquals(200, members.statusCode());
      assertTrue(members.body().contains("dc-" + TestNode.ZONE), members.body());

      try (var kms = node.client()) {
        kms.createKey(b -> b.description("counted"));
        assertThrows(
            software.amazon.awssdk.services.kms.model.NotFoundException.class,
            () -> kms.describeKey(b -> b.keyId("alias/none")));
      }
      String metrics = get(port, "/metrics").body();
      assertTrue(
          metrics.contains("kms_requests_seconds_count{operation=\"CreateKey\",outcome=\"ok\"} 1"),
          metrics);
      assertTrue(metrics.contains("outcome=\"NotFoundException\""), metrics);
      assertTrue(
          metrics.contains("kms_keys{zone=\"" + TestNode.ZONE + "\"} 2"),
          "the key and the default key");
      assertTrue(
          metrics.contains("kms_replication_pending_keys{zone=\"" + TestNode.ZONE + "\"} 0"));
      assertTrue(metrics.contains("jvm_memory_used_bytes"));
      assertMetricsAnOperatorCanUse(get(port, "/metrics"));
    }
  }

  /**
   * The Prometheus text format by name, latency in a few SLO buckets, process figures in base
   * units, the build, the cluster by zone and status, its formation, the shards on this node, the
   * database pool and the persistence plugins' circuit breakers.
   */
  private static void assertMetricsAnOperatorCanUse(HttpResponse<String> response) {
    assertEquals(
        "text/plain; version=0.0.4; charset=utf-8",
        response.headers().firstValue("Content-Type").orElse("").toLowerCase());
    String metrics = response.body();
    long buckets =
        metrics
            .lines()
            .filter(
                l ->
                    l.startsWith("kms_requests_seconds_bucket{")
                        && l.contains("operation=\"CreateKey\",outcome=\"ok\""))
            .count();
    assertEquals(10, buckets, "9 SLO buckets and +Inf: " + metrics);
    assertTrue(metrics.contains("le=\"0.01\""), metrics);
    for (String name :
        List.of(
            "process_cpu_seconds_total",
            "process_start_time_seconds",
            "process_files_open_files",
            "kms_build_info{",
            "jvm_info{",
            "kms_db_pool_connections{state=\"active\"}")) {
      assertTrue(metrics.contains(name), name + " in " + metrics);
    }
    assertFalse(metrics.contains("process_cpu_time_ns"), "CPU time in seconds only");
    assertTrue(
        metrics.contains("kms_cluster_members{status=\"up\",zone=\"" + TestNode.ZONE + "\"} 1.0"),
        metrics);
    assertTrue(
        metrics.contains("kms_cluster_unreachable_members{zone=\"" + TestNode.ZONE + "\"} 0.0"),
        metrics);
    assertTrue(metrics.contains("kms_cluster_split 0.0"), metrics);
    assertTrue(metrics.contains("kms_cluster_zone_config_mismatch 0.0"), metrics);
    // The created key and the account's default key are awake in this node's key shards; the
    // account's directory in one directory shard.
    assertTrue(gauge(metrics, "kms_shards{type=\"Key\"}") >= 1, metrics);
    assertEquals(2.0, gauge(metrics, "kms_shard_entities{type=\"Key\"}"), metrics);
    assertEquals(1.0, gauge(metrics, "kms_shards{type=\"AccountDirectory\"}"), metrics);
    assertEquals(1.0, gauge(metrics, "kms_shard_entities{type=\"AccountDirectory\"}"), metrics);
    // The keys' recovery and events started the journal and the snapshot store, whose breakers are
    // read from Pekko's plugin actors: NaN here means a plugin no longer registers its breaker.
    assertEquals(
        0.0, gauge(metrics, "kms_persistence_circuit_breaker_open{plugin=\"journal\"}"), metrics);
    assertEquals(
        0.0,
        gauge(metrics, "kms_persistence_circuit_breaker_open{plugin=\"snapshot-store\"}"),
        metrics);
    assertEquals(
        0.0,
        gauge(metrics, "kms_persistence_circuit_breaker_opened_total{plugin=\"journal\"}"),
        metrics);
  }

  private static double gauge(String metrics, String series) {
    return metrics
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length()).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(series + " in " + metrics));
  }

  @Test
  void managementIsOffUnlessAPortIsGiven() {
    try (TestNode node = TestNode.start(TestDatabase.h2(dir))) {
      assertTrue(node.node().managementPort().isEmpty());
    }
  }
}
