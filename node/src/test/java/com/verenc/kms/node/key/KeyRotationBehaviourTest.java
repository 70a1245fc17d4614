package com.verenc.kms.node.key;

import static com.verenc.kms.node.key.KeyEntityFixture.ACCOUNT;
import static com.verenc.kms.node.key.KeyEntityFixture.await;
import static com.verenc.kms.node.key.KeyEntityFixture.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.crypto.CiphertextBlob;
import com.verenc.kms.node.key.KeyAnswer.Done;
import com.verenc.kms.node.key.KeyAnswer.Rotation;
import com.verenc.kms.node.key.model.MaterialVersion;
import com.verenc.kms.node.key.model.RotationType;
import com.verenc.kms.protocol.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Rotation on demand and its limit, automatic rotation when due, the rotation settings and history.
 */
class KeyRotationBehaviourTest {
  private static final ActorTestKit testKit = ActorTestKit.create(KeyEntityFixture.CONFIG);
  private static final Duration YEAR = Duration.ofDays(365);

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static KeyEntityFixture key(String keyId) {
    KeyEntityFixture key = new KeyEntityFixture(testKit, "zone-a", keyId);
    key.create(false);
    return key;
  }

  private static Done rotateOnDemand(KeyEntityFixture key) {
    return ok(key.<Done>ask(replyTo -> new KeyCommand.RotateOnDemand(ACCOUNT, replyTo)));
  }

  /**
   * Sends the rotation sweeper's tick and waits until the key holds {@code versions} material
   * versions.
   */
  private static void tickUntilVersions(KeyEntityFixture key, int versions) {
    key.kit.runCommand(KeyTick.ROTATE_IF_DUE);
    await(
        versions + " material versions",
        () -> key.live().materials().versions().size() == versions);
  }

  @Test
  void rotationOnDemandAddsAVersionAtMostTenTimes() {
    KeyEntityFixture key = key("k-rot-demand");
    var first =
        key.kit.<KeyReply<Done>>runCommand(
            replyTo -> new KeyCommand.RotateOnDemand(ACCOUNT, replyTo));
    assertEquals(key.arn(), ok(first.reply()).keyArn());
    assertEquals(1, first.events().size());
    MaterialVersion added = first.eventOfType(KeyEvent.Rotated.class).material();
    assertEquals(2, added.version());
    assertEquals(RotationType.ON_DEMAND, added.rotationType());
    assertEquals(key.clock.instant(), added.createdAt());
    assertEquals(2, key.live().materials().current().version());

    for (int i = 2; i <= 10; i++) {
      rotateOnDemand(key);
    }
    String refusal =
        key.<Done>refusal(
            ErrorCode.LIMIT_EXCEEDED, replyTo -> new KeyCommand.RotateOnDemand(ACCOUNT, replyTo));
    assertEquals(
        key.arn()
            + " has already been rotated on demand 10 times, the most a key allows. Automatic "
            + "rotation continues; for more, create a new key and move to it.",
        refusal);
    assertEquals(11, key.live().materials().versions().size());

    key.clock.advance(YEAR);
    tickUntilVersions(key, 12);
    assertEquals(
        RotationType.AUTOMATIC,
        key.live().materials().current().rotationType(),
        "automatic rotation continues past the on-demand limit");
  }

  @Test
  void olderCiphertextsStillDecryptAndNewOnesUseTheLatestVersion() {
    KeyEntityFixture key = key("k-rot-versions");
    byte[] v1 = key.encrypt("one").blob();
    rotateOnDemand(key);
    byte[] v2 = key.encrypt("two").blob();
    rotateOnDemand(key);
    byte[] v3 = key.encrypt("three").blob();

    assertEquals(
        List.of(1, 2, 3),
        List.of(
            CiphertextBlob.decode(v1).materialVersion(),
            CiphertextBlob.decode(v2).materialVersion(),
            CiphertextBlob.decode(v3).materialVersion()));
    assertArrayEquals("one".getBytes(), ok(key.decrypt(v1)).plaintext());
    assertArrayEquals("two".getBytes(), ok(key.decrypt(v2)).plaintext());
    assertArrayEquals("three".getBytes(), ok(key.decrypt(v3)).plaintext());
  }

  @Test
  void automaticRotationHappensOnlyOnceDueAndMovesTheNextDate() {
    KeyEntityFixture key = key("k-rot-auto");
    Instant createdAt = key.live().identity().createdAt();
    assertEquals(createdAt.plus(YEAR), key.scheduleRow().nextRotation());

    key.clock.advance(YEAR.minusDays(1));
    var early = key.kit.runCommand(KeyTick.ROTATE_IF_DUE);
    assertTrue(early.hasNoEvents(), () -> "not due yet, yet persisted " + early.events());
    assertEquals(1, key.live().materials().versions().size());

    key.clock.advance(Duration.ofDays(2));
    Instant rotatedAt = key.clock.instant();
    tickUntilVersions(key, 2);
    List<KeyEvent> journal = key.journal();
    MaterialVersion added =
        assertInstanceOf(KeyEvent.Rotated.class, journal.get(journal.size() - 1)).material();
    assertEquals(RotationType.AUTOMATIC, added.rotationType());
    assertEquals(rotatedAt, added.createdAt());

    Instant next = rotatedAt.plus(YEAR);
    assertEquals(next, key.live().rotation().nextRotationDate());
    await(
        "the schedule row moves to the next rotation date",
        () -> next.equals(key.scheduleRow().nextRotation()));
    assertTrue(
        key.kit.runCommand(KeyTick.ROTATE_IF_DUE).hasNoEvents(),
        "rotated already; the next one is a year on");
  }

  @Test
  void enablingRotationAgainChangesNothingUnlessThePeriodDiffers() {
    KeyEntityFixture key = key("k-rot-enable");
    String refusal =
        key.<Done>refusal(
            ErrorCode.INVALID_STATE,
            replyTo -> new KeyCommand.EnableRotation(ACCOUNT, 90, replyTo));
    assertEquals(
        "Automatic rotation of "
            + key.arn()
            + " is already enabled with a period of 365 days. To change "
            + "the period, call DisableKeyRotation, then EnableKeyRotation with RotationPeriodInDays 90.",
        refusal);

    var samePeriod =
        key.kit.<KeyReply<Done>>runCommand(
            replyTo -> new KeyCommand.EnableRotation(ACCOUNT, 365, replyTo));
    assertEquals(key.arn(), ok(samePeriod.reply()).keyArn());
    assertTrue(samePeriod.hasNoEvents());
    var noPeriod =
        key.kit.<KeyReply<Done>>runCommand(
            replyTo -> new KeyCommand.EnableRotation(ACCOUNT, null, replyTo));
    ok(noPeriod.reply());
    assertTrue(noPeriod.hasNoEvents());
    assertEquals(365, key.live().rotation().periodInDays());
  }

  @Test
  void disablingThenEnablingWithACustomPeriodSetsTheNextRotationDate() {
    KeyEntityFixture key = key("k-rot-period");
    var disabled =
        key.kit.<KeyReply<Done>>runCommand(
            replyTo -> new KeyCommand.DisableRotation(ACCOUNT, replyTo));
    ok(disabled.reply());
    disabled.eventOfType(KeyEvent.RotationDisabled.class);
    assertNull(key.scheduleRow(), "nothing is due for a key that does not rotate");
    var off =
        ok(
            key.<KeyAnswer.RotationStatus>ask(
                replyTo -> new KeyCommand.GetRotationStatus(ACCOUNT, replyTo)));
    assertEquals(new KeyAnswer.RotationStatus(key.arn(), false, null, null), off);

    key.clock.advance(Duration.ofDays(10));
    Instant enabledAt = key.clock.instant();
    var enabled =
        key.kit.<KeyReply<Done>>runCommand(
            replyTo -> new KeyCommand.EnableRotation(ACCOUNT, 90, replyTo));
    ok(enabled.reply());
    assertEquals(
        new KeyEvent.RotationEnabled(enabledAt, 90),
        enabled.eventOfType(KeyEvent.RotationEnabled.class));
    Instant next = enabledAt.plus(Duration.ofDays(90));
    assertEquals(next, key.scheduleRow().nextRotation());
    var on =
        ok(
            key.<KeyAnswer.RotationStatus>ask(
                replyTo -> new KeyCommand.GetRotationStatus(ACCOUNT, replyTo)));
    assertEquals(new KeyAnswer.RotationStatus(key.arn(), true, 90, next), on);
  }

  @Test
  void rotationsAreListedOldestFirst() {
    KeyEntityFixture key = key("k-rot-list");
    assertTrue(
        ok(key.<KeyAnswer.Rotations>ask(replyTo -> new KeyCommand.ListRotations(ACCOUNT, replyTo)))
            .rotations()
            .isEmpty(),
        "the original material is not a rotation");
    key.clock.advance(Duration.ofDays(1));
    Instant onDemand = key.clock.instant();
    rotateOnDemand(key);
    key.clock.advance(YEAR);
    Instant automatic = key.clock.instant();
    tickUntilVersions(key, 3);
    key.clock.advance(Duration.ofDays(1));
    Instant onDemandAgain = key.clock.instant();
    rotateOnDemand(key);

    var listed =
        ok(key.<KeyAnswer.Rotations>ask(replyTo -> new KeyCommand.ListRotations(ACCOUNT, replyTo)));
    assertEquals(key.arn(), listed.keyArn());
    assertEquals(
        List.of(
            new Rotation(onDemand, RotationType.ON_DEMAND),
            new Rotation(automatic, RotationType.AUTOMATIC),
            new Rotation(onDemandAgain, RotationType.ON_DEMAND)),
        listed.rotations());
  }

  @Test
  void aDisabledKeyRefusesRotationOnDemand() {
    KeyEntityFixture key = key("k-rot-disabled");
    ok(key.<Done>ask(replyTo -> new KeyCommand.Disable(ACCOUNT, replyTo)));
    String refusal =
        key.<Done>refusal(
            ErrorCode.DISABLED, replyTo -> new KeyCommand.RotateOnDemand(ACCOUNT, replyTo));
    assertEquals(key.arn() + " is disabled.", refusal);
    assertEquals(1, key.live().materials().versions().size());
  }

  @Test
  void afterARestartRotationReadsTheSecretBackFromTheVault() {
    KeyEntityFixture key = key("k-rot-restart");
    byte[] before = key.encrypt("before").blob();
    key.kit.restart();

    key.vault.failing.set(true);
    String refusal =
        key.<Done>refusal(
            ErrorCode.DEPENDENCY_TIMEOUT,
            replyTo -> new KeyCommand.RotateOnDemand(ACCOUNT, replyTo));
    assertFalse(refusal.isEmpty());
    key.vault.failing.set(false);
    key.clock.advance(Duration.ofSeconds(2));

    var rotated =
        key.kit.<KeyReply<Done>>runCommand(
            replyTo -> new KeyCommand.RotateOnDemand(ACCOUNT, replyTo));
    ok(rotated.reply());
    assertEquals(2, rotated.eventOfType(KeyEvent.Rotated.class).material().version());
    assertArrayEquals("before".getBytes(), ok(key.decrypt(before)).plaintext());
    byte[] after = key.encrypt("after").blob();
    assertEquals(2, CiphertextBlob.decode(after).materialVersion());
    assertArrayEquals("after".getBytes(), ok(key.decrypt(after)).plaintext());
  }
}
