package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.assertKmsError;
import static com.verenc.kms.node.api.KmsTestSupport.assertNotFound;
import static com.verenc.kms.node.api.KmsTestSupport.eventually;
import static com.verenc.kms.node.api.KmsTestSupport.listAllAliases;
import static com.verenc.kms.node.api.KmsTestSupport.listAllKeyIds;
import static com.verenc.kms.node.api.KmsTestSupport.uniqueAlias;
import static com.verenc.kms.node.api.KmsTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;

/**
 * Keys reaching their deletion date. These tests move the node's clock, so they run on a node of
 * their own; each only moves time forward and only looks at its own keys.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyDestructionTest {
  /** The sweeper runs every 200 ms in tests; the directory follows asynchronously. */
  private static final Duration CATCH_UP = Duration.ofSeconds(10);

  private TestNode node;
  private KmsClient kms;
  private Path dir;

  @BeforeAll
  void startNode() throws IOException {
    dir = Files.createTempDirectory("kms-destruction-");
    node = TestNode.start(TestDatabase.h2(dir));
    kms = node.client();
  }

  @AfterAll
  void stopNode() {
    KmsTestSupport.stopAll(kms, node, dir);
  }

  private String newKey() {
    return kms.createKey(b -> b.description("doomed")).keyMetadata().keyId();
  }

  private String newAlias(String keyId) {
    String alias = uniqueAlias("destruction");
    kms.createAlias(b -> b.aliasName(alias).targetKeyId(keyId));
    return alias;
  }

  private SdkBytes encrypt(String keyId) {
    return kms.encrypt(b -> b.keyId(keyId).plaintext(utf8("gone soon"))).ciphertextBlob();
  }

  private boolean keyListed(String keyId) {
    return listAllKeyIds(kms, 1000).contains(keyId);
  }

  private boolean aliasListed(String alias) {
    return listAllAliases(kms, null, 100).stream()
        .map(AliasListEntry::aliasName)
        .anyMatch(alias::equals);
  }

  @Test
  void keyIsDestroyedAtItsDeletionDateEvenWhenNobodyAsks() {
    String keyId = newKey();
    SdkBytes blob = encrypt(keyId);
    String alias = newAlias(keyId);
    String survivor = newKey();
    String survivorAlias = newAlias(survivor);
    SdkBytes survivorBlob = encrypt(survivor);
    kms.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(7));

    node.clock().advance(Duration.ofDays(8));

    // Only the directory is asked here, so it is the sweeper that destroys the key.
    eventually(CATCH_UP, "the destroyed key leaves ListKeys", () -> !keyListed(keyId));
    eventually(CATCH_UP, "the destroyed key's alias leaves ListAliases", () -> !aliasListed(alias));
    assertNotFound(() -> kms.describeKey(b -> b.keyId(keyId)));
    assertNotFound(() -> kms.decrypt(b -> b.ciphertextBlob(blob)));
    assertNotFound(() -> kms.describeKey(b -> b.keyId(alias)));
    assertNotFound(() -> kms.encrypt(b -> b.keyId(keyId).plaintext(utf8("x"))));

    assertTrue(keyListed(survivor), "a key not scheduled for deletion stays");
    assertTrue(aliasListed(survivorAlias));
    assertEquals(
        "gone soon", kms.decrypt(b -> b.ciphertextBlob(survivorBlob)).plaintext().asUtf8String());
  }

  @Test
  void keyAskedForAfterItsDeletionDateIsAlreadyGone() {
    String keyId = newKey();
    SdkBytes blob = encrypt(keyId);
    kms.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(7));

    node.clock().advance(Duration.ofDays(8));

    // Straight away, without waiting for the sweeper.
    assertNotFound(() -> kms.decrypt(b -> b.ciphertextBlob(blob)));
    assertNotFound(() -> kms.describeKey(b -> b.keyId(keyId)));
    assertNotFound(() -> kms.cancelKeyDeletion(b -> b.keyId(keyId)));
    eventually(CATCH_UP, "the destroyed key leaves ListKeys", () -> !keyListed(keyId));
  }

  @Test
  void keyIsNotDestroyedBeforeItsDeletionDate() {
    String keyId = newKey();
    SdkBytes blob = encrypt(keyId);
    kms.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(7));

    node.clock().advance(Duration.ofDays(7).minusMinutes(5));

    assertEquals(
        KeyState.PENDING_DELETION, kms.describeKey(b -> b.keyId(keyId)).keyMetadata().keyState());
    assertTrue(keyListed(keyId));
    assertKmsError(
        KmsInvalidStateException.class,
        "KMSInvalidStateException",
        () -> kms.decrypt(b -> b.ciphertextBlob(blob)));

    node.clock().advance(Duration.ofMinutes(10));

    eventually(
        CATCH_UP, "the key leaves ListKeys once its date has passed", () -> !keyListed(keyId));
    assertNotFound(() -> kms.describeKey(b -> b.keyId(keyId)));
  }

  @Test
  void cancelledDeletionIsNotCarriedOut() {
    String keyId = newKey();
    SdkBytes blob = encrypt(keyId);
    String alias = newAlias(keyId);
    kms.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(7));
    kms.cancelKeyDeletion(b -> b.keyId(keyId));

    node.clock().advance(Duration.ofDays(8));
    // A key that is destroyed leaves the list within a sweep or two: give the sweeper its chance.
    String witness = newKey();
    kms.scheduleKeyDeletion(b -> b.keyId(witness).pendingWindowInDays(7));
    node.clock().advance(Duration.ofDays(8));
    eventually(CATCH_UP, "the sweeper has run (witness key destroyed)", () -> !keyListed(witness));

    assertTrue(keyListed(keyId));
    assertTrue(aliasListed(alias));
    assertEquals(KeyState.DISABLED, kms.describeKey(b -> b.keyId(keyId)).keyMetadata().keyState());
    kms.enableKey(b -> b.keyId(keyId));
    assertEquals("gone soon", kms.decrypt(b -> b.ciphertextBlob(blob)).plaintext().asUtf8String());
  }

  @Test
  void destroyedKeyIdCannotBeReusedByAnAlias() {
    String keyId = newKey();
    kms.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(7));
    node.clock().advance(Duration.ofDays(8));
    eventually(CATCH_UP, "the destroyed key leaves ListKeys", () -> !keyListed(keyId));

    assertNotFound(
        () -> kms.createAlias(b -> b.aliasName(uniqueAlias("to-destroyed")).targetKeyId(keyId)));
    assertFalse(
        listAllAliases(kms, null, 100).stream().anyMatch(a -> keyId.equals(a.targetKeyId())));
  }
}
