package com.verenc.kms.node.reliability.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.verenc.kms.node.testkit.OfflineImportClient;
import com.verenc.kms.node.testkit.TestDatabase;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.IncorrectKeyMaterialException;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * Imported key material survives SIGKILL, and so does its deletion: a node process is killed right
 * after one key's import and another's DeleteImportedKeyMaterial answered; restarted on the same
 * database, the first decrypts what it encrypted, the second is PendingImport, takes only the
 * material it had, and then decrypts its old ciphertexts again.
 */
class ImportKillNineTest {
  private static final String ZONE = "ch-gva-2";
  private static final SdkBytes MESSAGE = SdkBytes.fromUtf8String("imported before the kill");
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  @Test
  void h2NodeKilledKeepsImportsAndDeletions() throws Exception {
    killAndCheck("h2", TestDatabase.h2(dir.resolve("data")));
  }

  @Test
  void postgresNodeKilledKeepsImportsAndDeletions() throws Exception {
    TestDatabase database = TestDatabase.freshPostgres(dir.resolve("data"));
    try {
      killAndCheck("postgres", database);
    } finally {
      database.drop();
    }
  }

  private void killAndCheck(String kind, TestDatabase database) throws Exception {
    byte[] kept = material();
    byte[] deleted = material();
    try (NodeProcess node =
        NodeProcess.start("import-" + kind, NodeProcess.environment(ZONE, database), dir)) {
      String keptKey;
      String deletedKey;
      SdkBytes keptCiphertext;
      SdkBytes deletedCiphertext;
      try (KmsClient kms = ProcessClients.client(node.endpoint(), ZONE)) {
        keptKey = external(kms);
        deletedKey = external(kms);
        importMaterial(kms, deletedKey, deleted);
        deletedCiphertext = encrypt(kms, deletedKey);
        importMaterial(kms, keptKey, kept);
        keptCiphertext = encrypt(kms, keptKey);
        kms.deleteImportedKeyMaterial(r -> r.keyId(deletedKey));
      }

      node.kill();
      node.restart();

      try (KmsClient kms = ProcessClients.client(node.endpoint(), ZONE, Duration.ofSeconds(30))) {
        assertEquals(MESSAGE, decrypt(kms, keptCiphertext));
        assertEquals(KeyState.ENABLED, state(kms, keptKey));

        assertEquals(KeyState.PENDING_IMPORT, state(kms, deletedKey));
        assertThrows(KmsInvalidStateException.class, () -> decrypt(kms, deletedCiphertext));
        assertThrows(
            IncorrectKeyMaterialException.class, () -> importMaterial(kms, deletedKey, kept));
        importMaterial(kms, deletedKey, deleted);
        assertEquals(MESSAGE, decrypt(kms, deletedCiphertext));
      }
    }
  }

  private static byte[] material() {
    byte[] material = new byte[32];
    RANDOM.nextBytes(material);
    return material;
  }

  private static String external(KmsClient kms) {
    return kms.createKey(r -> r.origin(OriginType.EXTERNAL)).keyMetadata().keyId();
  }

  private static void importMaterial(KmsClient kms, String keyId, byte[] material) {
    OfflineImportClient.importMaterial(kms, keyId, material, b -> {});
  }

  private static SdkBytes encrypt(KmsClient kms, String keyId) {
    return kms.encrypt(r -> r.keyId(keyId).plaintext(MESSAGE)).ciphertextBlob();
  }

  private static SdkBytes decrypt(KmsClient kms, SdkBytes ciphertext) {
    return kms.decrypt(r -> r.ciphertextBlob(ciphertext)).plaintext();
  }

  private static KeyState state(KmsClient kms, String keyId) {
    return kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState();
  }
}
