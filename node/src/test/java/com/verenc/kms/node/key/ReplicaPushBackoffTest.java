package com.verenc.kms.node.key;

import static com.verenc.kms.node.key.KeyEntityFixture.ACCOUNT;
import static com.verenc.kms.node.key.KeyEntityFixture.await;
import static com.verenc.kms.node.key.KeyEntityFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.key.KeyEntityFixture.ScriptedTransport.Push;
import com.verenc.kms.node.replication.ReplicaSeed;
import com.verenc.kms.node.replication.SharedState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A primary's pushes to its replica zones: retried on their own after a back-off when a zone does
 * not answer, and carrying a not-yet-created replica's ReplicateKey settings even after the primary
 * role moved.
 */
class ReplicaPushBackoffTest {
  private static final ActorTestKit testKit = ActorTestKit.create(KeyEntityFixture.CONFIG);
  private static final String POLICY_C =
      """
      {"Version":"2012-10-17","Id":"replica-c","Statement":[{"Sid":"c","Effect":"Allow",
        "Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}""";
  private static final ReplicaSeed SEED_C =
      new ReplicaSeed("the copy in c", POLICY_C, Map.of("zone", "c"));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static KeyAnswer.ReplicaAck apply(KeyEntityFixture replica, Push push) {
    return ok(
        replica.<KeyAnswer.ReplicaAck>ask(
            replyTo -> new KeyCommand.ApplyReplica(push.state(), push.seed(), replyTo)));
  }

  private static long millisBetween(Push earlier, Push later) {
    return Duration.ofNanos(later.sentAtNanos() - earlier.sentAtNanos()).toMillis();
  }

  @Test
  void failedPushesAreRetriedAfterABackOffUntilTheZoneAcknowledges() {
    KeyEntityFixture primary = new KeyEntityFixture(testKit, "zone-a", "k-push-backoff");
    primary.create(true);
    primary.transport.failNext("zone-b", 2);

    primary.replicate("zone-b", null);
    int version = primary.live().replication().version();
    assertEquals(
        Instant.EPOCH, primary.scheduleRow().nextPush(), "a push is due for the sweeper too");

    // No sweeper tick is sent: only the entity's back-off timer can bring the retries.
    await(
        "zone-b acknowledges version " + version,
        () -> primary.journal().contains(new KeyEvent.ReplicaAcknowledged("zone-b", version)));
    List<Push> pushes = primary.transport.to("zone-b");
    assertEquals(3, pushes.size(), "two failed pushes, then the one acknowledged");
    assertTrue(pushes.stream().allMatch(push -> push.state().version() == version));
    // The entity backs off 200 ms after the first failure, then twice that (less a margin for the
    // timer).
    assertTrue(
        millisBetween(pushes.get(0), pushes.get(1)) >= 150,
        "retried before the first back-off ended");
    assertTrue(
        millisBetween(pushes.get(1), pushes.get(2)) >= 350, "the second back-off did not double");
    assertEquals(version, primary.live().replication().acknowledged("zone-b"));
    await(
        "the schedule row no longer asks for a push",
        () -> primary.scheduleRow().nextPush() == null);
  }

  @Test
  void aMovedPrimaryStillCarriesTheSeedOfAReplicaNotCreatedYet() {
    String keyId = "k-push-moved";
    KeyEntityFixture zoneA = new KeyEntityFixture(testKit, "zone-a", keyId);
    zoneA.create(true);
    zoneA.replicate("zone-b", null);
    zoneA.awaitReplicasAcknowledged();

    zoneA.transport.failNext("zone-c", 1_000);
    KeyAnswer.ReplicaCreated promised = zoneA.replicate("zone-c", SEED_C);
    assertEquals(POLICY_C, promised.policy());
    assertEquals(Map.of("zone", "c"), promised.tags());
    zoneA.awaitPush("zone-c", push -> SEED_C.equals(push.seed()));
    assertEquals(0, zoneA.live().replication().acknowledged("zone-c"));

    ok(
        zoneA.<KeyAnswer.Done>ask(
            replyTo -> new KeyCommand.UpdatePrimary(ACCOUNT, "zone-b", replyTo)));
    Push moved = zoneA.awaitPush("zone-b", push -> "zone-b".equals(push.state().primaryZone()));
    SharedState movedState = moved.state();
    assertEquals(
        Map.of("zone-c", SEED_C),
        movedState.seeds(),
        "zone-c has acknowledged nothing: its seed travels");

    // zone-b, once it takes the moved state, is the primary and creates zone-c's replica as
    // ReplicateKey asked.
    KeyEntityFixture zoneB = new KeyEntityFixture(testKit, "zone-b", keyId);
    apply(zoneB, zoneA.transport.to("zone-b").get(0));
    assertEquals(movedState.version(), apply(zoneB, moved).version());
    assertTrue(zoneB.live().isPrimary());
    Push toC = zoneB.awaitPush("zone-c", push -> true);
    assertEquals(SEED_C, toC.seed());
    assertEquals("zone-b", toC.state().primaryZone());

    KeyEntityFixture zoneC = new KeyEntityFixture(testKit, "zone-c", keyId);
    assertEquals(toC.state().version(), apply(zoneC, toC).version());
    assertEquals("the copy in c", zoneC.describe().metadata().description());
    assertEquals(
        Map.of("zone", "c"),
        ok(zoneC.<KeyAnswer.Tags>ask(replyTo -> new KeyCommand.ListTags(ACCOUNT, replyTo))).tags());
    assertEquals(
        POLICY_C,
        ok(zoneC.<KeyAnswer.Policy>ask(replyTo -> new KeyCommand.GetPolicy(ACCOUNT, replyTo)))
            .policy());
  }
}
