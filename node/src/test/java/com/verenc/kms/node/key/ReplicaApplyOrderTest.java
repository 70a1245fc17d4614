package com.verenc.kms.node.key;

import static com.verenc.kms.node.key.KeyEntityFixture.ACCOUNT;
import static com.verenc.kms.node.key.KeyEntityFixture.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.crypto.CiphertextBlob;
import com.verenc.kms.node.key.KeyAnswer.ReplicaAck;
import com.verenc.kms.node.key.KeyEntityFixture.ScriptedTransport.Push;
import com.verenc.kms.node.replication.ReplicaSeed;
import com.verenc.kms.node.replication.Role;
import com.verenc.kms.node.replication.SharedState;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.model.KeyMetadata;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A replica zone takes its primary's pushed shared state: created on first contact with the
 * ReplicateKey settings, newer versions applied, older or repeated ones only acknowledged, in any
 * order; what belongs to the primary is refused.
 */
class ReplicaApplyOrderTest {
  private static final ActorTestKit testKit = ActorTestKit.create(KeyEntityFixture.CONFIG);
  private static final String REPLICA_POLICY =
      """
      {"Version":"2012-10-17","Id":"replica-b","Statement":[{"Sid":"b","Effect":"Allow",
        "Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}""";
  private static final ReplicaSeed SEED =
      new ReplicaSeed("the copy in b", REPLICA_POLICY, Map.of("zone", "b"));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /**
   * A multi-zone primary in zone-a replicated to zone-b, and the zone-b entity, not created yet.
   */
  private record KeySet(KeyEntityFixture primary, KeyEntityFixture replica, Push firstPush) {}

  private static KeySet replicated(String keyId) {
    KeyEntityFixture primary = new KeyEntityFixture(testKit, "zone-a", keyId);
    primary.create(true);
    ok(
        primary.<KeyAnswer.ReplicaCreated>ask(
            replyTo ->
                new KeyCommand.Replicate(
                    ACCOUNT, "zone-b", SEED.description(), SEED.policy(), SEED.tags(), replyTo)));
    Push first = primary.awaitPush("zone-b", push -> true);
    return new KeySet(primary, new KeyEntityFixture(testKit, "zone-b", keyId), first);
  }

  private static CommandResultWithReply<KeyMessage, KeyEvent, KeyEntityState, KeyReply<ReplicaAck>>
      apply(KeyEntityFixture replica, SharedState state, ReplicaSeed seed) {
    return replica.kit.runCommand(replyTo -> new KeyCommand.ApplyReplica(state, seed, replyTo));
  }

  /**
   * Changes the primary's shared part (a rotation) and answers the push of the new version to
   * zone-b.
   */
  private static Push rotateAndCapturePush(KeyEntityFixture primary) {
    ok(primary.<KeyAnswer.Done>ask(replyTo -> new KeyCommand.RotateOnDemand(ACCOUNT, replyTo)));
    int version = primary.live().replication().version();
    return primary.awaitPush("zone-b", push -> push.state().version() == version);
  }

  @Test
  void theFirstPushCreatesTheReplicaWithTheReplicateKeySettings() {
    KeySet set = replicated("k-apply-create");
    SharedState pushed = set.firstPush().state();
    assertNotNull(
        pushed.secretWrappedUnderMasterKey(), "the first contact carries the key's secret");
    assertEquals(SEED, set.firstPush().seed());

    var result = apply(set.replica(), pushed, set.firstPush().seed());
    assertEquals(new ReplicaAck("zone-b", pushed.version()), ok(result.reply()));
    assertEquals(1, result.events().size());
    var created = result.eventOfType(KeyEvent.ReplicaCreated.class);
    assertNull(created.state().secretWrappedUnderMasterKey(), "the journal never holds the secret");
    assertArrayEquals(
        set.primary().vault.secrets.get(set.primary().persistenceId()),
        set.replica().vault.secrets.get(set.replica().persistenceId()),
        "the secret is imported into zone-b's vault");

    KeyMetadata metadata = set.replica().describe().metadata();
    assertEquals(set.replica().arn(), metadata.arn());
    assertEquals("the copy in b", metadata.description());
    assertEquals(Role.REPLICA.name(), metadata.multiRegionConfiguration().multiRegionKeyType());
    assertEquals("zone-a", metadata.multiRegionConfiguration().primaryKey().region());
    assertEquals(
        Map.of("zone", "b"),
        ok(set.replica().<KeyAnswer.Tags>ask(replyTo -> new KeyCommand.ListTags(ACCOUNT, replyTo)))
            .tags());
    assertEquals(
        REPLICA_POLICY,
        ok(set.replica()
                .<KeyAnswer.Policy>ask(replyTo -> new KeyCommand.GetPolicy(ACCOUNT, replyTo)))
            .policy());
  }

  @Test
  void anEqualVersionIsOnlyAcknowledged() {
    KeySet set = replicated("k-apply-equal");
    SharedState pushed = set.firstPush().state();
    ok(apply(set.replica(), pushed, SEED).reply());

    var again = apply(set.replica(), pushed, SEED);
    assertEquals(new ReplicaAck("zone-b", pushed.version()), ok(again.reply()));
    assertTrue(again.hasNoEvents(), () -> "a repeated push persisted " + again.events());
  }

  @Test
  void aNewerVersionIsAppliedAndItsRotatedMaterialDecryptsOnTheReplica() {
    KeySet set = replicated("k-apply-newer");
    ok(apply(set.replica(), set.firstPush().state(), SEED).reply());
    Push rotated = rotateAndCapturePush(set.primary());
    assertTrue(rotated.state().version() > set.firstPush().state().version());

    var result = apply(set.replica(), rotated.state(), rotated.seed());
    assertEquals(new ReplicaAck("zone-b", rotated.state().version()), ok(result.reply()));
    assertEquals(1, result.events().size());
    assertNull(
        result
            .eventOfType(KeyEvent.SharedStateApplied.class)
            .state()
            .secretWrappedUnderMasterKey());
    assertEquals(2, set.replica().live().materials().versions().size());

    KeyAnswer.Ciphertext sealed = set.primary().encrypt("from a");
    assertEquals(2, CiphertextBlob.decode(sealed.blob()).materialVersion());
    KeyAnswer.Plaintext opened = ok(set.replica().decrypt(sealed.blob()));
    assertArrayEquals("from a".getBytes(), opened.plaintext());
    assertEquals(set.replica().arn(), opened.keyArn());
    assertNotEquals(set.primary().arn(), opened.keyArn(), "each zone names the key by its own ARN");
  }

  @Test
  void versionsArrivingOutOfOrderLeaveTheNewest() {
    KeySet set = replicated("k-apply-order");
    ok(apply(set.replica(), set.firstPush().state(), SEED).reply());
    int n = set.firstPush().state().version();
    Push next = rotateAndCapturePush(set.primary());
    Push afterNext = rotateAndCapturePush(set.primary());
    assertEquals(n + 1, next.state().version());
    assertEquals(n + 2, afterNext.state().version());

    var newest = apply(set.replica(), afterNext.state(), afterNext.seed());
    assertEquals(new ReplicaAck("zone-b", n + 2), ok(newest.reply()));
    newest.eventOfType(KeyEvent.SharedStateApplied.class);
    var late = apply(set.replica(), next.state(), next.seed());
    assertEquals(
        new ReplicaAck("zone-b", n + 2),
        ok(late.reply()),
        "an older version is answered with the newest held");
    assertTrue(late.hasNoEvents(), () -> "an older version persisted " + late.events());

    KeyRecord replica = set.replica().live();
    assertEquals(n + 2, replica.replication().version());
    assertEquals(3, replica.materials().versions().size());
  }

  @Test
  void aReplicaRefusesWhatBelongsToThePrimary() {
    KeySet set = replicated("k-apply-refuse");
    KeyEntityFixture replica = set.replica();
    ok(apply(replica, set.firstPush().state(), SEED).reply());
    String isReplica =
        "of a multi-zone key is managed on its primary key, in zone zone-a; "
            + replica.arn()
            + " in zone-b is a replica.";

    assertEquals(
        "Deletion " + isReplica,
        replica.<KeyAnswer.Metadata>refusal(
            ErrorCode.UNSUPPORTED_OPERATION,
            replyTo -> new KeyCommand.ScheduleDeletion(ACCOUNT, 7, replyTo)));
    assertEquals(
        "Rotation " + isReplica,
        replica.<KeyAnswer.Done>refusal(
            ErrorCode.UNSUPPORTED_OPERATION,
            replyTo -> new KeyCommand.RotateOnDemand(ACCOUNT, replyTo)));
    assertEquals(
        "Rotation " + isReplica,
        replica.<KeyAnswer.Done>refusal(
            ErrorCode.UNSUPPORTED_OPERATION,
            replyTo -> new KeyCommand.EnableRotation(ACCOUNT, null, replyTo)));
    assertEquals(
        replica.arn()
            + " in zone-b is a replica; only the primary key, in zone-a, can be replicated.",
        replica.<KeyAnswer.ReplicaCreated>refusal(
            ErrorCode.UNSUPPORTED_OPERATION,
            replyTo -> new KeyCommand.Replicate(ACCOUNT, "zone-c", null, null, null, replyTo)));
  }

  @Test
  void anAbsentKeyIsCreatedOnlyFromItsOwnStateWithItsSecret() {
    KeySet set = replicated("k-apply-absent");
    SharedState pushed = set.firstPush().state();

    KeyEntityFixture otherKey = new KeyEntityFixture(testKit, "zone-b", "k-apply-someone-else");
    var wrongKey = apply(otherKey, pushed, SEED);
    assertEquals(new ReplicaAck("zone-b", -1), ok(wrongKey.reply()));
    assertTrue(wrongKey.hasNoEvents());
    assertInstanceOf(KeyEntityState.Absent.class, wrongKey.state());
    assertTrue(otherKey.vault.secrets.isEmpty());

    var noSecret = apply(set.replica(), pushed.withoutSecret(), SEED);
    assertEquals(new ReplicaAck("zone-b", -1), ok(noSecret.reply()));
    assertTrue(noSecret.hasNoEvents());
    assertInstanceOf(KeyEntityState.Absent.class, noSecret.state());
    assertTrue(set.replica().vault.secrets.isEmpty());
  }
}
