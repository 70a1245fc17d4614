package com.verenc.kms.node.replication;

import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.testkit.OfflineImportClient;
import com.verenc.kms.node.testkit.TestZones;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ImportKeyMaterialResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyMaterialException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.MultiRegionKeyType;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * A multi-zone key of imported material: its replica starts PendingImport (no material travels),
 * takes an import only once the primary has had one, and then only the same material; each zone's
 * material is its own to delete, and a ciphertext of either zone decrypts in the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiZoneImportTest {
  static final String A = "ch-gva-2";
  static final String B = "de-fra-1";
  static final SdkBytes MESSAGE = SdkBytes.fromUtf8String("imported in both zones");
  static final SecureRandom RANDOM = new SecureRandom();

  TestZones zones;
  KmsClient a;
  KmsClient b;

  @BeforeAll
  void start(@TempDir Path dir) {
    zones = TestZones.start(dir, List.of(A, B));
    a = zones.client(A);
    b = zones.client(B);
  }

  @AfterAll
  void stop() {
    if (zones != null) {
      zones.close();
    }
  }

  @Test
  void eachZoneImportsTheSameMaterialAndOwnsItsCopy() {
    byte[] material = material();
    String keyId =
        a.createKey(r -> r.multiRegion(true).origin(OriginType.EXTERNAL)).keyMetadata().keyId();
    assertEquals(KeyState.PENDING_IMPORT, state(a, keyId));
    a.replicateKey(r -> r.keyId(keyId).replicaRegion(B));
    KeyMetadata replica =
        eventually(
            "the replica exists in " + B, () -> b.describeKey(r -> r.keyId(keyId)).keyMetadata());
    assertEquals(KeyState.PENDING_IMPORT, replica.keyState());
    assertEquals(OriginType.EXTERNAL, replica.origin());
    assertEquals(
        MultiRegionKeyType.REPLICA, replica.multiRegionConfiguration().multiRegionKeyType());

    KmsInvalidStateException first =
        assertThrows(KmsInvalidStateException.class, () -> importInto(b, keyId, material));
    assertTrue(first.getMessage().contains("primary key in " + A), first.getMessage());

    String materialId = importInto(a, keyId, material).keyMaterialId();
    SdkBytes fromA = a.encrypt(r -> r.keyId(keyId).plaintext(MESSAGE)).ciphertextBlob();
    assertEquals(KeyState.PENDING_IMPORT, state(b, keyId), "no material travels to the replica");

    // Once the replica knows which material the primary has, it refuses any other.
    eventually(
        "the replica refuses different material",
        () -> {
          try {
            importInto(b, keyId, material());
            return false;
          } catch (IncorrectKeyMaterialException expected) {
            return true;
          }
        });
    assertEquals(materialId, importInto(b, keyId, material).keyMaterialId());
    assertEquals(KeyState.ENABLED, state(b, keyId));
    assertEquals(MESSAGE, b.decrypt(r -> r.ciphertextBlob(fromA)).plaintext());
    SdkBytes fromB = b.encrypt(r -> r.keyId(keyId).plaintext(MESSAGE)).ciphertextBlob();
    assertEquals(MESSAGE, a.decrypt(r -> r.ciphertextBlob(fromB)).plaintext());

    // Deleting the replica's copy leaves the primary's alone.
    b.deleteImportedKeyMaterial(r -> r.keyId(keyId));
    assertEquals(KeyState.PENDING_IMPORT, state(b, keyId));
    assertThrows(KmsInvalidStateException.class, () -> b.decrypt(r -> r.ciphertextBlob(fromA)));
    assertEquals(KeyState.ENABLED, state(a, keyId));
    assertEquals(MESSAGE, a.decrypt(r -> r.ciphertextBlob(fromB)).plaintext());
    assertNull(b.describeKey(r -> r.keyId(keyId)).keyMetadata().validTo());

    // Later pushes of the primary leave the replica's own material (here: none) alone.
    a.scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(30));
    eventually(
        "the replica learns of the deletion", () -> state(b, keyId) == KeyState.PENDING_DELETION);
    a.cancelKeyDeletion(r -> r.keyId(keyId));
    eventually(
        "the replica learns of the cancellation", () -> state(b, keyId) == KeyState.PENDING_IMPORT);
    importInto(b, keyId, material);
    assertEquals(KeyState.DISABLED, state(b, keyId), "a cancelled deletion leaves it disabled");
    b.enableKey(r -> r.keyId(keyId));
    assertEquals(MESSAGE, b.decrypt(r -> r.ciphertextBlob(fromA)).plaintext());
  }

  private static KeyState state(KmsClient client, String keyId) {
    return client.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState();
  }

  private static byte[] material() {
    byte[] material = new byte[32];
    RANDOM.nextBytes(material);
    return material;
  }

  private static ImportKeyMaterialResponse importInto(
      KmsClient client, String keyId, byte[] material) {
    return OfflineImportClient.importMaterial(client, keyId, material, b -> {});
  }
}
