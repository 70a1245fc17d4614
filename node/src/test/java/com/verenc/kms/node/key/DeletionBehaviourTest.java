package com.verenc.kms.node.key;

import static com.verenc.kms.node.key.KeyEntityFixture.ACCOUNT;
import static com.verenc.kms.node.key.KeyEntityFixture.await;
import static com.verenc.kms.node.key.KeyEntityFixture.ok;
import static com.verenc.kms.node.key.KeyEntityFixture.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.key.KeyAnswer.Done;
import com.verenc.kms.node.key.model.KeyManager;
import com.verenc.kms.node.key.model.KeySpec;
import com.verenc.kms.node.key.model.KeyUsage;
import com.verenc.kms.node.key.model.Origin;
import com.verenc.kms.node.replication.SharedState;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.model.KeyMetadata;
import com.verenc.kms.protocol.model.KeyState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Scheduling and cancelling a deletion, what a key pending deletion refuses, and crypto-shredding
 * past the deletion date, held back while a replica zone has not learnt of the deletion.
 */
class DeletionBehaviourTest {
  private static final ActorTestKit testKit = ActorTestKit.create(KeyEntityFixture.CONFIG);
  private static final Duration WEEK = Duration.ofDays(7);

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static KeyEntityFixture key(String keyId) {
    KeyEntityFixture key = new KeyEntityFixture(testKit, "zone-a", keyId);
    key.create(false);
    return key;
  }

  private static KeyMetadata scheduleDeletion(KeyEntityFixture key) {
    return ok(key.<KeyAnswer.Metadata>ask(r -> new KeyCommand.ScheduleDeletion(ACCOUNT, 7, r)))
        .metadata();
  }

  private static String notFound(KeyEntityFixture key) {
    return "Key '" + key.arn() + "' does not exist";
  }

  @Test
  void aScheduledDeletionIsPersistedAndIndexed() {
    KeyEntityFixture key = key("k-del-schedule");
    Instant now = key.clock.instant();
    var result =
        key.kit.<KeyReply<KeyAnswer.Metadata>>runCommand(
            r -> new KeyCommand.ScheduleDeletion(ACCOUNT, 7, r));
    assertEquals(List.of(new KeyEvent.DeletionScheduled(now, now.plus(WEEK), 7)), result.events());
    KeyMetadata metadata = ok(result.reply()).metadata();
    assertEquals(KeyState.PENDING_DELETION, metadata.keyState());
    assertEquals(now.plus(WEEK), metadata.deletionDate());
    assertEquals(7, metadata.pendingDeletionWindowInDays());
    assertEquals(now.plus(WEEK), key.scheduleRow().deletionDate());
    assertNull(key.scheduleRow().nextRotation(), "a key pending deletion does not rotate");
  }

  @Test
  void aKeyPendingDeletionRefusesUseAndChange() {
    KeyEntityFixture key = key("k-del-refuse");
    byte[] blob = key.encrypt("doomed").blob();
    scheduleDeletion(key);
    String pending = key.arn() + " is pending deletion.";
    ErrorCode invalid = ErrorCode.INVALID_STATE;

    assertEquals(
        pending,
        key.<KeyAnswer.Ciphertext>refusal(
            invalid,
            r ->
                new KeyCommand.Encrypt(
                    new CryptoRequest.EncryptRequest(
                        ACCOUNT, "kms:Encrypt", new byte[] {1}, Map.of()),
                    r)));
    assertEquals(
        pending,
        key.<KeyAnswer.Plaintext>refusal(
            invalid,
            r ->
                new KeyCommand.Decrypt(
                    new CryptoRequest.DecryptRequest(ACCOUNT, "kms:Decrypt", blob, Map.of()), r)));
    assertEquals(
        pending,
        key.<KeyAnswer.DataKey>refusal(
            invalid,
            r ->
                new KeyCommand.GenerateDataKey(
                    new CryptoRequest.DataKeyRequest(ACCOUNT, 32, Map.of(), true), r)));
    assertEquals(pending, key.<Done>refusal(invalid, r -> new KeyCommand.Enable(ACCOUNT, r)));
    assertEquals(
        pending, key.<Done>refusal(invalid, r -> new KeyCommand.Tag(ACCOUNT, Map.of("k", "v"), r)));
    assertEquals(
        pending,
        key.<Done>refusal(invalid, r -> new KeyCommand.PutPolicy(ACCOUNT, key.policy(), false, r)));
  }

  @Test
  void aCancelledDeletionLeavesTheKeyDisabled() {
    KeyEntityFixture key = key("k-del-cancel");
    scheduleDeletion(key);
    key.clock.advance(Duration.ofDays(1));
    var cancelled =
        key.kit.<KeyReply<Done>>runCommand(r -> new KeyCommand.CancelDeletion(ACCOUNT, r));
    assertEquals(key.arn(), ok(cancelled.reply()).keyArn());
    assertEquals(List.of(new KeyEvent.DeletionCancelled(key.clock.instant())), cancelled.events());

    KeyMetadata metadata = key.describe().metadata();
    assertEquals(KeyState.DISABLED, metadata.keyState());
    assertNull(metadata.deletionDate());
    assertNull(key.scheduleRow(), "nothing is due for a disabled key that is not pending deletion");
    assertEquals(
        key.arn() + " is not pending deletion.",
        key.<Done>refusal(ErrorCode.INVALID_STATE, r -> new KeyCommand.CancelDeletion(ACCOUNT, r)));
  }

  @Test
  void pastItsDeletionDateAnyCommandDestroysTheKey() {
    KeyEntityFixture key = key("k-del-destroy");
    scheduleDeletion(key);
    key.clock.advance(WEEK);

    var result =
        key.kit.<KeyReply<KeyAnswer.Metadata>>runCommand(r -> new KeyCommand.Describe(ACCOUNT, r));
    assertEquals(notFound(key), rejected(result.reply(), ErrorCode.NOT_FOUND).message());
    assertEquals(List.of(new KeyEvent.Destroyed(key.clock.instant())), result.events());
    assertEquals(new KeyEntityState.Destroyed(ACCOUNT), result.state());
    assertFalse(key.vault.secrets.containsKey(key.persistenceId()), "the secret is erased");
    assertNull(key.scheduleRow());
    assertEquals(List.of(key.keyId), key.destroyed);

    assertEquals(
        notFound(key),
        key.<KeyAnswer.Metadata>refusal(
            ErrorCode.NOT_FOUND, r -> new KeyCommand.Describe(ACCOUNT, r)));
  }

  @Test
  void theDeletionSweepersTickDestroysADueKey() {
    KeyEntityFixture key = key("k-del-tick");
    scheduleDeletion(key);
    assertTrue(key.kit.runCommand(KeyTick.DESTROY_IF_DUE).hasNoEvents(), "not due yet");
    key.clock.advance(WEEK.plusSeconds(1));
    key.kit.runCommand(KeyTick.DESTROY_IF_DUE);
    await(
        "the tick destroys the key", () -> key.kit.getState() instanceof KeyEntityState.Destroyed);
    assertTrue(key.journal().get(key.journal().size() - 1) instanceof KeyEvent.Destroyed);
    assertFalse(key.vault.secrets.containsKey(key.persistenceId()));
  }

  @Test
  void aDestroyedKeyErasesAgainAndAcknowledgesPushes() {
    KeyEntityFixture key = key("k-del-after");
    scheduleDeletion(key);
    key.clock.advance(WEEK);
    rejected(
        key.<KeyAnswer.Metadata>ask(r -> new KeyCommand.Describe(ACCOUNT, r)), ErrorCode.NOT_FOUND);

    // As if the erase had failed after the Destroyed event: the sweeper's next tick erases again.
    key.vault.secrets.put(key.persistenceId(), new byte[32]);
    var tick = key.kit.runCommand(KeyTick.DESTROY_IF_DUE);
    assertTrue(tick.hasNoEvents());
    await("the tick erases the secret", () -> !key.vault.secrets.containsKey(key.persistenceId()));

    Instant at = key.clock.instant();
    SharedState pushed =
        new SharedState(
            ACCOUNT,
            key.keyId,
            7,
            at,
            KeyUsage.ENCRYPT_DECRYPT,
            KeySpec.SYMMETRIC_DEFAULT,
            Origin.AWS_KMS,
            KeyManager.CUSTOMER,
            new byte[32],
            List.of(),
            true,
            365,
            at,
            null,
            null,
            "zone-b",
            List.of("zone-a"),
            Map.of(),
            null);
    var applied =
        key.kit.<KeyReply<KeyAnswer.ReplicaAck>>runCommand(
            r -> new KeyCommand.ApplyReplica(pushed, null, r));
    assertEquals(new KeyAnswer.ReplicaAck("zone-a", 7), ok(applied.reply()));
    assertTrue(applied.hasNoEvents());
    assertEquals(new KeyEntityState.Destroyed(ACCOUNT), applied.state());
  }

  @Test
  void aPrimaryOutlivesItsDeletionDateUntilEveryReplicaZoneKnows() {
    KeyEntityFixture primary = new KeyEntityFixture(testKit, "zone-a", "k-del-primary");
    primary.create(true);
    ok(
        primary.<KeyAnswer.ReplicaCreated>ask(
            r -> new KeyCommand.Replicate(ACCOUNT, "zone-b", null, null, null, r)));
    primary.awaitReplicasAcknowledged();

    primary.transport.failNext("zone-b", 1_000);
    Instant deletionDate = scheduleDeletion(primary).deletionDate();
    primary.clock.advance(WEEK.plusDays(1));

    assertEquals(
        KeyState.PENDING_DELETION,
        primary.describe().metadata().keyState(),
        "zone-b has not acknowledged the deletion: the primary is kept");
    assertEquals(
        primary.arn()
            + " reached its deletion date "
            + deletionDate
            + "; its deletion can no longer be "
            + "cancelled.",
        primary.<Done>refusal(
            ErrorCode.INVALID_STATE, r -> new KeyCommand.CancelDeletion(ACCOUNT, r)));
    assertTrue(primary.live().pendingDeletion());
    assertTrue(primary.vault.secrets.containsKey(primary.persistenceId()));

    primary.transport.failNext("zone-b", 0);
    primary.awaitReplicasAcknowledged();
    int version = primary.live().replication().version();
    assertTrue(primary.journal().contains(new KeyEvent.ReplicaAcknowledged("zone-b", version)));

    var result =
        primary.kit.<KeyReply<KeyAnswer.Metadata>>runCommand(
            r -> new KeyCommand.Describe(ACCOUNT, r));
    assertEquals(notFound(primary), rejected(result.reply(), ErrorCode.NOT_FOUND).message());
    result.eventOfType(KeyEvent.Destroyed.class);
    assertFalse(primary.vault.secrets.containsKey(primary.persistenceId()));
    assertEquals(List.of(primary.keyId), primary.destroyed);
  }
}
