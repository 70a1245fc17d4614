package com.verenc.kms.node.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.crypto.CiphertextBlob;
import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * Crypto requests served from a resident key (without the entity) honour every change to the key
 * the moment the change is acknowledged: disable, deletion, rotation and policy. Each scenario
 * first makes the key resident with a request through the entity, then checks the next request.
 */
class ResidentKeyInvalidationTest {
  private static final SdkBytes PLAINTEXT = SdkBytes.fromUtf8String("resident");
  @TempDir static Path dir;
  static TestNode node;
  static KmsClient kms;
  static ResidentKeys resident;

  static KmsClient otherAccount;

  @BeforeAll
  static void start() throws IOException {
    Path credentials = dir.resolve("credentials.json");
    Files.writeString(
        credentials,
        "{\"accounts\":["
            + "{\"accountId\":\""
            + TestNode.DEV_ACCOUNT
            + "\",\"accessKeys\":[{\"accessKeyId\":\"test\",\"secretAccessKey\":\"test\"}]},"
            + "{\"accountId\":\"444455556666\",\"accessKeys\":[{\"accessKeyId\":\"other\",\"secretAccessKey\":\"other\"}]}"
            + "]}");
    node =
        TestNode.start(
            TestDatabase.h2(dir.resolve("data")),
            Map.of("kms.credentials-file", credentials.toString()));
    kms = node.client("test", "test");
    otherAccount = node.client("other", "other");
    resident = ResidentKeys.get(node.node().system());
  }

  @AfterAll
  static void stop() {
    for (KmsClient client : new KmsClient[] {kms, otherAccount}) {
      if (client != null) {
        client.close();
      }
    }
    if (node != null) {
      node.close();
    }
  }

  private String residentKey() {
    String keyId = kms.createKey(b -> b.description("resident")).keyMetadata().keyId();
    encrypt(keyId, Map.of());
    assertTrue(servedHere(keyId), "an Encrypt through the entity publishes the key");
    return keyId;
  }

  /**
   * Whether this node serves the owner's Encrypt from the resident key, without asking the entity.
   */
  private static boolean servedHere(String keyId) {
    return resident
        .serve(
            keyId,
            new CryptoRequest.EncryptRequest(
                TestNode.DEV_ACCOUNT, "kms:Encrypt", PLAINTEXT.asByteArray(), Map.of()))
        .isPresent();
  }

  private SdkBytes encrypt(String keyId, Map<String, String> context) {
    return kms.encrypt(b -> b.keyId(keyId).plaintext(PLAINTEXT).encryptionContext(context))
        .ciphertextBlob();
  }

  @Test
  void residentKeyServesEncryptGenerateDataKeyAndDecrypt() {
    String keyId = residentKey();
    SdkBytes blob = encrypt(keyId, Map.of("purpose", "test"));
    assertEquals(
        PLAINTEXT,
        kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(Map.of("purpose", "test")))
            .plaintext());
    var dataKey = kms.generateDataKey(b -> b.keyId(keyId).numberOfBytes(32));
    assertArrayEquals(
        dataKey.plaintext().asByteArray(),
        kms.decrypt(b -> b.ciphertextBlob(dataKey.ciphertextBlob())).plaintext().asByteArray());
    assertTrue(servedHere(keyId));
  }

  @Test
  void wrongContextIsStillInvalidCiphertext() {
    String keyId = residentKey();
    SdkBytes blob = encrypt(keyId, Map.of("purpose", "test"));
    assertThrows(
        InvalidCiphertextException.class,
        () ->
            kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(Map.of("purpose", "other"))));
  }

  @Test
  void disabledKeyIsRefusedRightAfterDisableKey() {
    String keyId = residentKey();
    kms.disableKey(b -> b.keyId(keyId));
    assertFalse(servedHere(keyId));
    assertThrows(DisabledException.class, () -> encrypt(keyId, Map.of()));
    assertThrows(
        DisabledException.class, () -> kms.generateDataKey(b -> b.keyId(keyId).numberOfBytes(32)));
    kms.enableKey(b -> b.keyId(keyId));
    encrypt(keyId, Map.of());
  }

  @Test
  void keyPendingDeletionIsRefusedRightAfterScheduling() {
    String keyId = residentKey();
    SdkBytes blob = encrypt(keyId, Map.of());
    kms.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(7));
    assertThrows(KmsInvalidStateException.class, () -> encrypt(keyId, Map.of()));
    assertThrows(KmsInvalidStateException.class, () -> kms.decrypt(b -> b.ciphertextBlob(blob)));
  }

  @Test
  void rotatedKeyEncryptsUnderTheNewVersionRightAfterRotation() {
    String keyId = residentKey();
    SdkBytes before = encrypt(keyId, Map.of());
    kms.rotateKeyOnDemand(b -> b.keyId(keyId));
    SdkBytes after = encrypt(keyId, Map.of());
    assertEquals(1, CiphertextBlob.decode(before.asByteArray()).materialVersion());
    assertEquals(2, CiphertextBlob.decode(after.asByteArray()).materialVersion());
    assertEquals(PLAINTEXT, kms.decrypt(b -> b.ciphertextBlob(before)).plaintext());
    assertEquals(PLAINTEXT, kms.decrypt(b -> b.ciphertextBlob(after)).plaintext());
  }

  @Test
  void policyDenyingEncryptAppliesRightAfterPutKeyPolicy() {
    String keyId = residentKey();
    kms.putKeyPolicy(
        b ->
            b.keyId(keyId)
                .policy(
                    "{\"Version\":\"2012-10-17\",\"Statement\":["
                        + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                        + TestNode.DEV_ACCOUNT
                        + ":root\"},"
                        + "\"Action\":\"kms:*\",\"Resource\":\"*\"},"
                        + "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"kms:Encrypt\",\"Resource\":\"*\"}]}"));
    KmsException e = assertThrows(KmsException.class, () -> encrypt(keyId, Map.of()));
    assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode());
    kms.generateDataKey(b -> b.keyId(keyId).numberOfBytes(16));
  }

  @Test
  void anotherAccountNeverUsesAResidentKey() {
    String keyId = residentKey();
    SdkBytes blob = encrypt(keyId, Map.of());
    assertTrue(servedHere(keyId));
    assertThrows(
        NotFoundException.class,
        () -> otherAccount.encrypt(b -> b.keyId(keyId).plaintext(PLAINTEXT)));
    assertThrows(
        NotFoundException.class,
        () -> otherAccount.generateDataKey(b -> b.keyId(keyId).numberOfBytes(32)));
    assertThrows(NotFoundException.class, () -> otherAccount.decrypt(b -> b.ciphertextBlob(blob)));
  }
}
