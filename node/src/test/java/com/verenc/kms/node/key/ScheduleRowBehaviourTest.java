package com.verenc.kms.node.key;

import static com.verenc.kms.node.key.KeyEntityFixture.ACCOUNT;
import static com.verenc.kms.node.key.KeyEntityFixture.await;
import static com.verenc.kms.node.key.KeyEntityFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The zone's schedule row of a key follows its state even when a write fails or a row goes stale.
 */
class ScheduleRowBehaviourTest {
  private static final ActorTestKit testKit = ActorTestKit.create(KeyEntityFixture.CONFIG);

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void aFailedWriteIsMadeAgainSoTheSweeperFindsTheDeletion() {
    KeyEntityFixture key = new KeyEntityFixture(testKit, "zone-a", "k-row-retry");
    key.create(false);
    key.schedule.failing.set(true);
    var scheduled =
        ok(
            key.<KeyAnswer.Metadata>ask(
                replyTo -> new KeyCommand.ScheduleDeletion(ACCOUNT, 7, replyTo)));
    assertEquals(
        com.verenc.kms.protocol.model.KeyState.PENDING_DELETION,
        scheduled.metadata().keyState(),
        "the change was made: the failed row write is not the caller's error");
    assertNull(key.scheduleRow().deletionDate());

    key.schedule.failing.set(false);
    await("the row carries the deletion date", () -> key.scheduleRow().deletionDate() != null);
    assertEquals(scheduled.metadata().deletionDate(), key.scheduleRow().deletionDate());
  }

  @Test
  void aTickThatFindsNothingDueRepairsTheRow() {
    KeyEntityFixture key = new KeyEntityFixture(testKit, "zone-a", "k-row-stale");
    key.create(false);
    Instant nextRotation = key.scheduleRow().nextRotation();
    key.schedule.rows.put(
        key.persistenceId(),
        new KeyEntityFixture.MemorySchedule.Row(
            Instant.EPOCH, nextRotation, Instant.EPOCH, null, 0));

    key.kit.runCommand(KeyTick.DESTROY_IF_DUE);
    await("the stale dates are gone", () -> key.scheduleRow().deletionDate() == null);
    assertEquals(
        new KeyEntityFixture.MemorySchedule.Row(null, nextRotation, null, null, 1),
        key.scheduleRow());
  }
}
