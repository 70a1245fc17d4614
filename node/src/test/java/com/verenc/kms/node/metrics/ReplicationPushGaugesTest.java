package com.verenc.kms.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.replication.UnacknowledgedPushes;
import com.verenc.kms.node.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * kms_replication_pushes_in_flight and kms_replication_oldest_unacknowledged_seconds per target
 * zone, as Prometheus scrapes them: the names alert rules use, every other zone present at 0 when
 * nothing waits, and a push counted from its first sending until acknowledged.
 */
class ReplicationPushGaugesTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** The scraped lines of the two gauges (name, labels and value), sorted. */
  private static List<String> gaugeLines(NodeMetrics metrics) {
    return metrics
        .scrape()
        .lines()
        .filter(
            line ->
                line.startsWith("kms_replication_pushes_in_flight{")
                    || line.startsWith("kms_replication_oldest_unacknowledged_seconds{"))
        .sorted()
        .toList();
  }

  @Test
  void pushesAwaitingAcknowledgementAreCountedAndAgedPerTargetZone() {
    MutableClock clock = new MutableClock(NOW);
    UnacknowledgedPushes pushes = new UnacknowledgedPushes();
    NodeMetrics metrics = NodeMetrics.get(testKit.system());
    metrics.bindPushes("ch-gva-2", Set.of("ch-gva-2", "de-fra-1", "at-vie-1"), pushes, clock);

    assertEquals(
        List.of(
            "kms_replication_oldest_unacknowledged_seconds{zone=\"at-vie-1\"} 0.0",
            "kms_replication_oldest_unacknowledged_seconds{zone=\"de-fra-1\"} 0.0",
            "kms_replication_pushes_in_flight{zone=\"at-vie-1\"} 0.0",
            "kms_replication_pushes_in_flight{zone=\"de-fra-1\"} 0.0"),
        gaugeLines(metrics),
        "every other zone, none for this node's own");

    pushes.sent("de-fra-1", "mrk-1", NOW.minusSeconds(42));
    pushes.sent("de-fra-1", "mrk-2", NOW.minusSeconds(5));
    // A retry of mrk-1's push does not make it younger.
    pushes.sent("de-fra-1", "mrk-1", NOW.minusSeconds(1));
    pushes.sent("at-vie-1", "mrk-2", NOW.minusSeconds(5));
    clock.advance(Duration.ofMillis(1500));

    assertEquals(
        List.of(
            "kms_replication_oldest_unacknowledged_seconds{zone=\"at-vie-1\"} 6.5",
            "kms_replication_oldest_unacknowledged_seconds{zone=\"de-fra-1\"} 43.5",
            "kms_replication_pushes_in_flight{zone=\"at-vie-1\"} 1.0",
            "kms_replication_pushes_in_flight{zone=\"de-fra-1\"} 2.0"),
        gaugeLines(metrics));

    pushes.settled("de-fra-1", "mrk-1");
    pushes.forget("mrk-2");

    List<String> after = gaugeLines(metrics);
    assertTrue(
        after.contains("kms_replication_pushes_in_flight{zone=\"de-fra-1\"} 0.0"),
        after.toString());
    assertTrue(
        after.contains("kms_replication_oldest_unacknowledged_seconds{zone=\"de-fra-1\"} 0.0"),
        after.toString());
    assertTrue(after.contains("kms_replication_pushes_in_flight{zone=\"at-vie-1\"} 0.0"));
  }
}
