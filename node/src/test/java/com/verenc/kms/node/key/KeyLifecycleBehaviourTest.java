package com.verenc.kms.node.key;

import static com.verenc.kms.node.key.KeyEntityFixture.ACCOUNT;
import static com.verenc.kms.node.key.KeyEntityFixture.OTHER_ACCOUNT;
import static com.verenc.kms.node.key.KeyEntityFixture.ok;
import static com.verenc.kms.node.key.KeyEntityFixture.rejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.key.KeyEntityState.Live;
import com.verenc.kms.node.key.model.KeyManager;
import com.verenc.kms.node.key.model.KeySpec;
import com.verenc.kms.node.key.model.KeyUsage;
import com.verenc.kms.node.key.model.Origin;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.model.KeyState;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A key entity alone: creation, who may see and use the key, enabling and disabling, crypto. */
class KeyLifecycleBehaviourTest {
  private static final ActorTestKit testKit = ActorTestKit.create(KeyEntityFixture.CONFIG);

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void createPersistsTheFactsAndStoresTheSecretFirst() {
    KeyEntityFixture key = new KeyEntityFixture(testKit, "zone-a", "k-create");
    var result =
        key.kit.<KeyReply<KeyAnswer.Metadata>>runCommand(
            replyTo ->
                new KeyCommand.Create(
                    ACCOUNT,
                    "mine",
                    KeySpec.SYMMETRIC_DEFAULT,
                    KeyUsage.ENCRYPT_DECRYPT,
                    Origin.AWS_KMS,
                    false,
                    key.policy(),
                    false,
                    Map.of("team", "a"),
                    replyTo));

    KeyEvent.KeyCreated created = result.eventOfType(KeyEvent.KeyCreated.class);
    assertEquals(1, result.events().size());
    assertEquals(ACCOUNT, created.identity().accountId());
    assertEquals(KeyManager.CUSTOMER, created.identity().keyManager());
    assertEquals(Map.of("team", "a"), created.settings().tags());
    assertEquals(1, created.material().version());
    assertTrue(key.vault.secrets.containsKey(KeyEntity.persistenceId("zone-a", "k-create").id()));
    assertEquals(KeyState.ENABLED, ok(result.reply()).metadata().keyState());
    assertEquals(key.arn(), ok(result.reply()).metadata().arn());
    Live live = result.stateOfType(Live.class);
    assertTrue(live.key().rotation().enabled(), "customer keys rotate yearly by default");
    assertEquals(
        created.at().plus(java.time.Duration.ofDays(365)),
        key.schedule.rows.values().iterator().next().nextRotation());
  }

  @Test
  void createIsRefusedWhenTheSecretCannotBeStored() {
    KeyEntityFixture key = new KeyEntityFixture(testKit, "zone-a", "k-nodb");
    key.vault.failing.set(true);
    var result =
        key.kit.<KeyReply<KeyAnswer.Metadata>>runCommand(
            replyTo ->
                new KeyCommand.Create(
                    ACCOUNT,
                    null,
                    KeySpec.SYMMETRIC_DEFAULT,
                    KeyUsage.ENCRYPT_DECRYPT,
                    Origin.AWS_KMS,
                    false,
                    key.policy(),
                    false,
                    Map.of(),
                    replyTo));
    rejected(result.reply(), ErrorCode.DEPENDENCY_TIMEOUT);
    assertTrue(result.hasNoEvents());
    assertInstanceOf(KeyEntityState.Absent.class, result.state());

    key.vault.failing.set(false);
    key.create(false);
  }

  @Test
  void anotherAccountCannotTellTheKeyExists() {
    KeyEntityFixture key = new KeyEntityFixture(testKit, "zone-a", "k-other");
    key.create(false);
    var reply =
        key.<KeyAnswer.Metadata>ask(replyTo -> new KeyCommand.Describe(OTHER_ACCOUNT, replyTo));
    var refusal = rejected(reply, ErrorCode.NOT_FOUND);
    assertTrue(refusal.message().contains(OTHER_ACCOUNT), refusal.message());
    var neverCreated = new KeyEntityFixture(testKit, "zone-a", "k-never");
    assertEquals(
        refusal.message().replace("k-other", "k-never"),
        ((KeyReply.Rejected<?>)
                neverCreated.<KeyAnswer.Metadata>ask(
                    replyTo -> new KeyCommand.Describe(OTHER_ACCOUNT, replyTo)))
            .message());
  }

  @Test
  void thePolicyDecidesEachAction() {
    KeyEntityFixture key = new KeyEntityFixture(testKit, "zone-a", "k-policy");
    key.create(false);
    String denyEncrypt =
        """
        {"Version":"2012-10-17","Statement":[
          {"Sid":"all","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*",
           "Resource":"*"},
          {"Sid":"no","Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:Encrypt",
           "Resource":"*"}]}""";
    ok(
        key.<KeyAnswer.Done>ask(
            replyTo -> new KeyCommand.PutPolicy(ACCOUNT, denyEncrypt, false, replyTo)));
    var refusal =
        rejected(
            key.<KeyAnswer.Ciphertext>ask(
                replyTo ->
                    new KeyCommand.Encrypt(
                        new CryptoRequest.EncryptRequest(
                            ACCOUNT, "kms:Encrypt", new byte[] {1}, Map.of()),
                        replyTo)),
            ErrorCode.ACCESS_DENIED);
    assertTrue(
        refusal.message().endsWith("with an explicit deny in the key policy"), refusal.message());
    ok(
        key.<KeyAnswer.DataKey>ask(
            replyTo ->
                new KeyCommand.GenerateDataKey(
                    new CryptoRequest.DataKeyRequest(ACCOUNT, 32, Map.of(), true), replyTo)));
  }

  @Test
  void aLockingOutPolicyIsRefusedUnlessBypassed() {
    KeyEntityFixture key = new KeyEntityFixture(testKit, "zone-a", "k-lockout");
    key.create(false);
    String onlyDescribe =
        """
        {"Version":"2012-10-17","Statement":[{"Sid":"d","Effect":"Allow",
          "Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:DescribeKey","Resource":"*"}]}""";
    var result =
        key.kit.<KeyReply<KeyAnswer.Done>>runCommand(
            replyTo -> new KeyCommand.PutPolicy(ACCOUNT, onlyDescribe, false, replyTo));
    rejected(result.reply(), ErrorCode.MALFORMED_POLICY);
    assertTrue(result.hasNoEvents());
    ok(
        key.<KeyAnswer.Done>ask(
            replyTo -> new KeyCommand.PutPolicy(ACCOUNT, onlyDescribe, true, replyTo)));
  }

  @Test
  void aDisabledKeyRefusesCryptoUntilEnabled() {
    KeyEntityFixture key = new KeyEntityFixture(testKit, "zone-a", "k-disable");
    key.create(false);
    byte[] blob = key.encrypt("hello").blob();
    ok(key.<KeyAnswer.Done>ask(replyTo -> new KeyCommand.Disable(ACCOUNT, replyTo)));
    var refusal = rejected(key.decrypt(blob), ErrorCode.DISABLED);
    assertEquals(key.arn() + " is disabled.", refusal.message());
    assertTrue(key.schedule.rows.isEmpty(), "a disabled key does not rotate, so nothing is due");
    var again =
        key.kit.<KeyReply<KeyAnswer.Done>>runCommand(
            replyTo -> new KeyCommand.Disable(ACCOUNT, replyTo));
    assertTrue(again.hasNoEvents(), "disabling a disabled key changes nothing");
    ok(key.<KeyAnswer.Done>ask(replyTo -> new KeyCommand.Enable(ACCOUNT, replyTo)));
    assertArrayEquals("hello".getBytes(), ok(key.decrypt(blob)).plaintext());
  }

  @Test
  void aCiphertextOpensOnlyUnderItsKeyAndContext() {
    KeyEntityFixture key = new KeyEntityFixture(testKit, "zone-a", "k-crypto");
    key.create(false);
    byte[] blob =
        ok(key.<KeyAnswer.Ciphertext>ask(
                replyTo ->
                    new KeyCommand.Encrypt(
                        new CryptoRequest.EncryptRequest(
                            ACCOUNT, "kms:Encrypt", "secret".getBytes(), Map.of("purpose", "test")),
                        replyTo)))
            .blob();
    var withoutContext = key.decrypt(blob);
    var refusal = rejected(withoutContext, ErrorCode.INVALID_CIPHERTEXT);
    assertNull(refusal.message(), "no detail on why a ciphertext does not open");
    byte[] tampered = blob.clone();
    tampered[tampered.length - 1] ^= 1;
    rejected(
        key.<KeyAnswer.Plaintext>ask(
            replyTo ->
                new KeyCommand.Decrypt(
                    new CryptoRequest.DecryptRequest(
                        ACCOUNT, "kms:Decrypt", tampered, Map.of("purpose", "test")),
                    replyTo)),
        ErrorCode.INVALID_CIPHERTEXT);

    KeyEntityFixture other = new KeyEntityFixture(testKit, "zone-a", "k-crypto-2");
    other.create(false);
    rejected(other.decrypt(blob), ErrorCode.INVALID_CIPHERTEXT);
  }

  @Test
  void afterARestartTheSecretIsReadBackAndAnOutageIsAnsweredNotTimedOut() {
    KeyEntityFixture key = new KeyEntityFixture(testKit, "zone-a", "k-restart");
    key.create(false);
    byte[] blob = key.encrypt("kept").blob();

    key.kit.restart();
    key.vault.failing.set(true);
    var refusal = rejected(key.decrypt(blob), ErrorCode.DEPENDENCY_TIMEOUT);
    assertEquals(
        "The zone's database is not available; retry the request later.", refusal.message());
    // Describe needs no material: it is answered during the outage.
    assertFalse(
        ok(key.<KeyAnswer.Metadata>ask(replyTo -> new KeyCommand.Describe(ACCOUNT, replyTo)))
            .metadata()
            .keyId()
            .isEmpty());

    key.vault.failing.set(false);
    key.clock.advance(java.time.Duration.ofSeconds(2));
    assertArrayEquals("kept".getBytes(), ok(key.decrypt(blob)).plaintext());
  }

  @Test
  void createOnALiveKeyIsRefused() {
    KeyEntityFixture key = new KeyEntityFixture(testKit, "zone-a", "k-twice");
    key.create(false);
    var again =
        key.<KeyAnswer.Metadata>ask(
            replyTo ->
                new KeyCommand.Create(
                    ACCOUNT,
                    null,
                    KeySpec.SYMMETRIC_DEFAULT,
                    KeyUsage.ENCRYPT_DECRYPT,
                    Origin.AWS_KMS,
                    false,
                    key.policy(),
                    false,
                    Map.of(),
                    replyTo));
    assertEquals(
        "A key with id k-twice already exists",
        rejected(again, ErrorCode.ALREADY_EXISTS).message());
  }
}
