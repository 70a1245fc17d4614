package com.verenc.kms.node.key;

import static com.verenc.kms.node.key.KeyEntityFixture.ACCOUNT;
import static com.verenc.kms.node.key.KeyEntityFixture.await;
import static com.verenc.kms.node.key.KeyEntityFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.key.KeyEntityFixture.ScriptedTransport.Push;
import com.verenc.kms.node.key.KeyEntityFixture.ScriptedTransport.Report;
import com.verenc.kms.node.key.KeyNotice.ReplicaHolds;
import com.verenc.kms.node.replication.ReplicaSeed;
import com.verenc.kms.node.replication.Role;
import com.verenc.kms.node.replication.SharedVersion;
import com.verenc.kms.protocol.ErrorCode;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A multi-zone primary does not trust its record of what a replica zone acknowledged over what the
 * zone says it holds: a zone found behind (its database restored) is recorded at its word and
 * pushed to again, a zone the index knows nothing of is checked with a push, a replica tells its
 * primary its version when it recovers, and an operator's resync pushes whatever was acknowledged.
 */
class ReplicaRepairBehaviourTest {
  private static final ActorTestKit testKit = ActorTestKit.create(KeyEntityFixture.CONFIG);
  private static final ReplicaSeed SEED = new ReplicaSeed("the copy in b", null, Map.of("z", "b"));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** A primary in zone-a, replicated to zone-b, rotated once; zone-b acknowledged everything. */
  private static KeyEntityFixture replicatedPrimary(String keyId) {
    KeyEntityFixture primary = new KeyEntityFixture(testKit, "zone-a", keyId);
    primary.create(true);
    primary.replicate("zone-b", SEED);
    ok(primary.<KeyAnswer.Done>ask(replyTo -> new KeyCommand.RotateOnDemand(ACCOUNT, replyTo)));
    primary.awaitReplicasAcknowledged();
    return primary;
  }

  private static int version(KeyEntityFixture primary) {
    return primary.live().replication().version();
  }

  @Test
  void aZoneHoldingLessThanItAcknowledgedIsRecordedAtItsWordAndPushedToAgain() {
    KeyEntityFixture primary = replicatedPrimary("k-repair-behind");
    int version = version(primary);
    int pushesBefore = primary.transport.to("zone-b").size();

    primary.kit.runCommand(new ReplicaHolds("zone-b", version - 1));

    assertTrue(
        primary.journal().contains(new KeyEvent.ReplicaVersionReported("zone-b", version - 1)),
        "the zone's word is recorded: " + primary.journal());
    await(
        "zone-b acknowledges version " + version + " again",
        () -> primary.live().replication().acknowledged("zone-b") == version);
    List<Push> pushes = primary.transport.to("zone-b");
    assertEquals(pushesBefore + 1, pushes.size(), "one push more");
    assertEquals(version, pushes.get(pushes.size() - 1).state().version());
    List<KeyEvent> journal = primary.journal();
    assertEquals(
        new KeyEvent.ReplicaAcknowledged("zone-b", version), journal.get(journal.size() - 1));
  }

  @Test
  void aZoneWhoseIndexKnowsNothingOfTheKeyIsCheckedWithAPushCarryingItsReplicateKeySettings() {
    KeyEntityFixture primary = replicatedPrimary("k-repair-unknown");
    int events = primary.journal().size();
    int pushesBefore = primary.transport.to("zone-b").size();

    primary.kit.runCommand(new ReplicaHolds("zone-b", null));

    Push check =
        primary.awaitPush(
            "zone-b", push -> primary.transport.to("zone-b").indexOf(push) >= pushesBefore);
    assertEquals(version(primary), check.state().version());
    assertEquals(SEED.description(), check.seed().description(), "a missing replica is recreated");
    assertEquals(SEED.tags(), check.seed().tags());
    assertEquals(events, primary.journal().size(), "the zone answered what it acknowledged");
  }

  @Test
  void aZoneAheadOfThePrimaryOrInStepIsNotPushedTo() {
    KeyEntityFixture primary = replicatedPrimary("k-repair-ahead");
    int version = version(primary);
    int events = primary.journal().size();
    int pushes = primary.transport.to("zone-b").size();

    primary.kit.runCommand(new ReplicaHolds("zone-b", version + 3));
    primary.kit.runCommand(new ReplicaHolds("zone-b", version));
    primary.kit.runCommand(new ReplicaHolds("zone-c", 1));

    assertEquals(events, primary.journal().size());
    assertEquals(pushes, primary.transport.to("zone-b").size());
    assertTrue(primary.transport.to("zone-c").isEmpty(), "zone-c is no zone of the set");
  }

  @Test
  void aReplicaTellsItsPrimaryWhichVersionItHoldsWhenItRecovers() {
    KeyEntityFixture primary = replicatedPrimary("k-repair-report");
    Push last = primary.transport.to("zone-b").get(primary.transport.to("zone-b").size() - 1);
    KeyEntityFixture replica = new KeyEntityFixture(testKit, "zone-b", "k-repair-report");
    for (Push push : primary.transport.to("zone-b")) {
      ok(
          replica.<KeyAnswer.ReplicaAck>ask(
              replyTo -> new KeyCommand.ApplyReplica(push.state(), push.seed(), replyTo)));
    }
    assertEquals(
        List.of(
            new SharedVersion("k-repair-report", "zone-a", Role.REPLICA, last.state().version())),
        replica.versions.rows.get("k-repair-report"),
        "the replica's index row names its primary's zone");
    assertTrue(replica.transport.reports.isEmpty());

    replica.kit.restart();

    await("the replica reports", () -> !replica.transport.reports.isEmpty());
    assertEquals(
        List.of(
            new Report(
                "zone-a", "k-repair-report", new ReplicaHolds("zone-b", last.state().version()))),
        replica.transport.reports);
  }

  @Test
  void theIndexHoldsThePrimarysVersionPerReplicaZone() {
    KeyEntityFixture primary = replicatedPrimary("k-repair-index");

    await(
        "the index row follows the rotation",
        () ->
            List.of(new SharedVersion("k-repair-index", "zone-b", Role.PRIMARY, version(primary)))
                .equals(primary.versions.rows.get("k-repair-index")));
  }

  @Test
  void anOperatorsResyncPushesToAZoneThatAcknowledgedAndRecordsWhatItAnswers() {
    KeyEntityFixture primary = replicatedPrimary("k-repair-resync");
    int version = version(primary);
    int pushesBefore = primary.transport.to("zone-b").size();
    primary.transport.failNext("zone-b", 1);
    primary.transport.answer("zone-b", version + 1);

    KeyAnswer.ReplicationInfo info =
        ok(
            primary.<KeyAnswer.ReplicationInfo>ask(
                replyTo -> new KeyCommand.Resync(List.of(), replyTo)));

    assertEquals(Role.PRIMARY, info.role());
    assertEquals(Map.of("zone-b", version), info.acknowledged());
    await(
        "the zone's answer is recorded",
        () -> primary.live().replication().acknowledged("zone-b") == version + 1);
    assertTrue(
        primary.transport.to("zone-b").size() >= pushesBefore + 2,
        "a failed resync push is retried after its back-off");
  }

  @Test
  void aResyncIsRefusedForAZoneWithoutReplicaAndOnAReplica() {
    KeyEntityFixture primary = replicatedPrimary("k-repair-refused");
    String noReplica =
        primary.<KeyAnswer.ReplicationInfo>refusal(
            ErrorCode.VALIDATION, replyTo -> new KeyCommand.Resync(List.of("zone-c"), replyTo));
    assertEquals(
        "k-repair-refused has no replica in zone zone-c; its replica zones are [zone-b].",
        noReplica);

    KeyEntityFixture replica = new KeyEntityFixture(testKit, "zone-b", "k-repair-refused");
    Push first = primary.transport.to("zone-b").get(0);
    ok(
        replica.<KeyAnswer.ReplicaAck>ask(
            replyTo -> new KeyCommand.ApplyReplica(first.state(), first.seed(), replyTo)));
    String onReplica =
        replica.<KeyAnswer.ReplicationInfo>refusal(
            ErrorCode.UNSUPPORTED_OPERATION, replyTo -> new KeyCommand.Resync(List.of(), replyTo));
    assertEquals(
        "k-repair-refused is a replica in zone zone-b; resync it from its primary, in zone zone-a.",
        onReplica);
    KeyAnswer.ReplicationInfo view =
        ok(
            replica.<KeyAnswer.ReplicationInfo>ask(
                replyTo -> new KeyCommand.ReplicationView(replyTo)));
    assertEquals(Role.REPLICA, view.role());
    assertEquals("zone-a", view.primaryZone());
    assertEquals(first.state().version(), view.version());
    assertEquals(Map.of(), view.acknowledged());
  }

  @Test
  void aSingleZoneKeyHasNoReplicationToShowOrResync() {
    KeyEntityFixture single = new KeyEntityFixture(testKit, "zone-a", "k-repair-single");
    single.create(false);

    String message =
        single.<KeyAnswer.ReplicationInfo>refusal(
            ErrorCode.VALIDATION, replyTo -> new KeyCommand.ReplicationView(replyTo));

    assertEquals(
        "k-repair-single is a single-zone key in zone zone-a: it has no replicas.", message);
    assertNull(single.versions.rows.get("k-repair-single"), "a single-zone key has no rows");
  }
}
