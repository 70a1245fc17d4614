package com.verenc.kms.node.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One key's push decisions: which zones get a push, checks of zones that acknowledged, and what the
 * node's record of unacknowledged pushes learns from them.
 */
class ReplicaPushesTest {
  private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
  private final MutableClock clock = new MutableClock(START);
  private final UnacknowledgedPushes unacknowledged = new UnacknowledgedPushes();
  private final ReplicaPushes pushes =
      new ReplicaPushes(
          "mrk-1",
          clock,
          Duration.ofMillis(200),
          Duration.ofSeconds(30),
          (zone, lag) -> {},
          unacknowledged);

  /** A primary in zone-a at {@code version}, with replicas in zone-b and zone-c. */
  private static Replication primary(int version, Map<String, Integer> acks) {
    return new Replication(
        Role.PRIMARY, "zone-a", List.of("zone-b", "zone-c"), version, acks, Map.of(), true);
  }

  @Test
  void aPushCountsAsUnacknowledgedFromItsFirstSendingUntilTheZoneHasTheVersion() {
    Replication replication = primary(3, Map.of("zone-b", 3, "zone-c", 2));

    assertEquals(List.of("zone-c"), pushes.startable(replication, "zone-a"));
    clock.advance(Duration.ofSeconds(10));
    pushes.failed("zone-c");
    pushes.retry("zone-c");
    assertEquals(List.of("zone-c"), pushes.startable(replication, "zone-a"));

    assertEquals(1, unacknowledged.count("zone-c"));
    assertEquals(Duration.ofSeconds(10), unacknowledged.oldest("zone-c", clock.instant()));
    assertTrue(pushes.acknowledged("zone-c", 3, replication), "a version to record");
    assertEquals(0, unacknowledged.count("zone-c"));
  }

  @Test
  void aZoneNoLongerPushedToHasNothingLeftToAcknowledge() {
    pushes.startable(primary(3, Map.of("zone-b", 3, "zone-c", 2)), "zone-a");
    pushes.failed("zone-c");
    assertEquals(1, unacknowledged.count("zone-c"));

    // Another push of the entity's (a check, or one before a restart) was acknowledged meanwhile.
    pushes.startable(primary(3, Map.of("zone-b", 3, "zone-c", 3)), "zone-a");

    assertEquals(0, unacknowledged.count("zone-c"));
  }

  @Test
  void aStoppedEntitysPushesAreForgotten() {
    pushes.startable(primary(3, Map.of()), "zone-a");
    assertEquals(1, unacknowledged.count("zone-b"));

    pushes.forget();

    assertEquals(0, unacknowledged.count("zone-b"));
    assertEquals(0, unacknowledged.count("zone-c"));
  }

  @Test
  void aCheckPushesToAZoneThatAcknowledgedAndIsTriedAgainAFewTimes() {
    Replication inStep = primary(3, Map.of("zone-b", 3, "zone-c", 3));
    assertEquals(List.of(), pushes.startable(inStep, "zone-a"));

    pushes.check("zone-b");
    assertTrue(pushes.checking("zone-b"));
    for (int attempt = 1; attempt < ReplicaPushes.CHECK_ATTEMPTS; attempt++) {
      assertEquals(List.of("zone-b"), pushes.startable(inStep, "zone-a"), "attempt " + attempt);
      pushes.failed("zone-b");
      pushes.retry("zone-b");
    }
    assertEquals(List.of("zone-b"), pushes.startable(inStep, "zone-a"));
    pushes.failed("zone-b");
    pushes.retry("zone-b");

    assertFalse(pushes.checking("zone-b"), "given up, left to the next anti-entropy round");
    assertEquals(List.of(), pushes.startable(inStep, "zone-a"));
  }

  @Test
  void aCheckAnsweredWithALowerVersionIsAVersionToRecord() {
    Replication inStep = primary(3, Map.of("zone-b", 3, "zone-c", 3));
    pushes.check("zone-b");
    pushes.startable(inStep, "zone-a");

    assertTrue(pushes.acknowledged("zone-b", 2, inStep));
    assertFalse(pushes.checking("zone-b"));
    pushes.check("zone-c");
    pushes.startable(inStep, "zone-a");
    assertFalse(pushes.acknowledged("zone-c", 3, inStep), "nothing new");
  }
}
