package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.assertKmsError;
import static com.verenc.kms.node.api.KmsTestSupport.assertValidationError;
import static com.verenc.kms.node.api.KmsTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.ImportKeyMaterialRequest;
import software.amazon.awssdk.services.kms.model.ImportState;
import software.amazon.awssdk.services.kms.model.ImportType;
import software.amazon.awssdk.services.kms.model.IncorrectKeyMaterialException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KeyMaterialState;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.RotationType;
import software.amazon.awssdk.services.kms.model.RotationsListEntry;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/**
 * On-demand rotation of imported material, as AWS now allows for symmetric keys: new material
 * imported with ImportType NEW_KEY_MATERIAL waits (PENDING_ROTATION) until RotateKeyOnDemand makes
 * it current; each material is listed by ListKeyRotations with its KeyMaterialId, can be deleted on
 * its own (DeleteImportedKeyMaterial with KeyMaterialId) and imported again
 * (EXISTING_KEY_MATERIAL), and a restart keeps all of it.
 */
class ImportKeyMaterialRotationTest extends ImportFixture {
  private static final SdkBytes PLAINTEXT = utf8("rotated imported material");

  private String importAs(
      String keyId, byte[] material, Consumer<ImportKeyMaterialRequest.Builder> members) {
    return importMaterial(
            keyId,
            material,
            DEFAULT_WRAPPING,
            WrappingKeySpec.RSA_2048,
            b -> {
              noExpiry(b);
              members.accept(b);
            })
        .keyMaterialId();
  }

  private SdkBytes encrypt(String keyId) {
    return kms.encrypt(b -> b.keyId(keyId).plaintext(PLAINTEXT)).ciphertextBlob();
  }

  private SdkBytes decrypt(SdkBytes ciphertext) {
    return kms.decrypt(b -> b.ciphertextBlob(ciphertext)).plaintext();
  }

  private List<RotationsListEntry> materials(String keyId) {
    return kms.listKeyRotations(b -> b.keyId(keyId)).rotations();
  }

  private RotationsListEntry material(String keyId, String materialId) {
    return materials(keyId).stream()
        .filter(e -> materialId.equals(e.keyMaterialId()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(materialId + " not listed: " + materials(keyId)));
  }

  @Test
  void newMaterialWaitsForRotationThenEachMaterialLivesOnItsOwn() {
    String keyId = newExternalSymmetricKey();
    byte[] first = random(32);
    byte[] second = random(32);
    String firstId = importAs(keyId, first, b -> b.keyMaterialDescription("first"));
    SdkBytes underFirst = encrypt(keyId);
    RotationsListEntry only = material(keyId, firstId);
    assertEquals(KeyMaterialState.CURRENT, only.keyMaterialState());
    assertEquals(ImportState.IMPORTED, only.importState());
    assertEquals("first", only.keyMaterialDescription());
    assertNull(only.rotationDate(), "the first material is no rotation");

    Instant validTo =
        node.clock().instant().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
    String secondId =
        importMaterial(
                keyId,
                second,
                DEFAULT_WRAPPING,
                WrappingKeySpec.RSA_3072,
                b ->
                    b.importType(ImportType.NEW_KEY_MATERIAL)
                        .keyMaterialDescription("second")
                        .expirationModel(ExpirationModelType.KEY_MATERIAL_EXPIRES)
                        .validTo(validTo))
            .keyMaterialId();
    assertNotEquals(firstId, secondId);
    RotationsListEntry pending = material(keyId, secondId);
    assertEquals(KeyMaterialState.PENDING_ROTATION, pending.keyMaterialState());
    assertEquals(validTo, pending.validTo());
    assertEquals(firstId, describe(keyId).currentKeyMaterialId(), "not current before rotation");

    assertKmsError(
        KmsInvalidStateException.class,
        "KMSInvalidStateException",
        () -> importAs(keyId, random(32), b -> b.importType(ImportType.NEW_KEY_MATERIAL)));
    assertKmsError(
        IncorrectKeyMaterialException.class,
        "IncorrectKeyMaterialException",
        () -> importAs(keyId, first, b -> b.importType(ImportType.NEW_KEY_MATERIAL)));
    assertValidationError(
        () ->
            importAs(
                keyId,
                random(32),
                b -> b.importType(ImportType.NEW_KEY_MATERIAL).keyMaterialId(firstId)));

    kms.rotateKeyOnDemand(b -> b.keyId(keyId));
    assertEquals(secondId, describe(keyId).currentKeyMaterialId());
    assertEquals(validTo, describe(keyId).validTo());
    SdkBytes underSecond = encrypt(keyId);
    RotationsListEntry rotated = material(keyId, secondId);
    assertEquals(KeyMaterialState.CURRENT, rotated.keyMaterialState());
    assertEquals(RotationType.ON_DEMAND, rotated.rotationType());
    assertNotNull(rotated.rotationDate());
    assertEquals(KeyMaterialState.NON_CURRENT, material(keyId, firstId).keyMaterialState());
    assertEquals(PLAINTEXT, decrypt(underFirst));
    assertEquals(PLAINTEXT, decrypt(underSecond));
    assertKmsError(
        KmsInvalidStateException.class,
        "KMSInvalidStateException",
        () -> kms.rotateKeyOnDemand(b -> b.keyId(keyId)));

    // The non-current material deleted: its ciphertexts stop decrypting, the key stays usable.
    assertEquals(
        firstId,
        kms.deleteImportedKeyMaterial(b -> b.keyId(keyId).keyMaterialId(firstId)).keyMaterialId());
    assertEquals(KeyState.ENABLED, describe(keyId).keyState());
    assertEquals(ImportState.PENDING_IMPORT, material(keyId, firstId).importState());
    assertKmsError(
        InvalidCiphertextException.class, "InvalidCiphertextException", () -> decrypt(underFirst));
    assertEquals(PLAINTEXT, decrypt(underSecond));
    assertKmsError(
        NotFoundException.class,
        "NotFoundException",
        () -> kms.deleteImportedKeyMaterial(b -> b.keyId(keyId).keyMaterialId("0".repeat(64))));

    // Imported again by its id: the wrong material for the id is refused, the right one decrypts.
    assertKmsError(
        IncorrectKeyMaterialException.class,
        "IncorrectKeyMaterialException",
        () -> importAs(keyId, second, b -> b.keyMaterialId(firstId)));
    assertEquals(
        firstId,
        importAs(
            keyId,
            first,
            b -> b.importType(ImportType.EXISTING_KEY_MATERIAL).keyMaterialId(firstId)));
    assertEquals(PLAINTEXT, decrypt(underFirst));
    assertEquals(secondId, describe(keyId).currentKeyMaterialId(), "re-import keeps the current");

    // The current material deleted: the key is pending import until it comes back.
    kms.deleteImportedKeyMaterial(b -> b.keyId(keyId));
    assertEquals(KeyState.PENDING_IMPORT, describe(keyId).keyState());
    assertKmsError(
        KmsInvalidStateException.class, "KMSInvalidStateException", () -> decrypt(underSecond));
    assertEquals(secondId, importAs(keyId, second, b -> {}));
    assertEquals(KeyState.ENABLED, describe(keyId).keyState());

    restartNode();
    assertEquals(secondId, describe(keyId).currentKeyMaterialId());
    assertEquals(PLAINTEXT, decrypt(underFirst));
    assertEquals(PLAINTEXT, decrypt(underSecond));
    assertEquals(2, materials(keyId).size());
    assertEquals(KeyMaterialState.NON_CURRENT, material(keyId, firstId).keyMaterialState());
  }

  @Test
  void onlySymmetricSingleZoneKeysRotateImportedMaterial() {
    String hmac = newExternalKey(KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC);
    importAs(hmac, random(32), b -> {});
    assertKmsError(
        UnsupportedOperationException.class,
        "UnsupportedOperationException",
        () -> importAs(hmac, random(32), b -> b.importType(ImportType.NEW_KEY_MATERIAL)));

    String keyId = newExternalSymmetricKey();
    assertValidationError(
        () -> importAs(keyId, random(32), b -> b.importType(ImportType.EXISTING_KEY_MATERIAL)));
    importAs(keyId, random(32), b -> b.importType(ImportType.NEW_KEY_MATERIAL));
    assertKmsError(
        UnsupportedOperationException.class,
        "UnsupportedOperationException",
        () -> kms.enableKeyRotation(b -> b.keyId(keyId)));

    String mrk =
        kms.createKey(
                b ->
                    b.origin(software.amazon.awssdk.services.kms.model.OriginType.EXTERNAL)
                        .multiRegion(true))
            .keyMetadata()
            .keyId();
    importAs(mrk, random(32), b -> {});
    assertKmsError(
        UnsupportedOperationException.class,
        "UnsupportedOperationException",
        () -> importAs(mrk, random(32), b -> b.importType(ImportType.NEW_KEY_MATERIAL)));
    assertKmsError(
        UnsupportedOperationException.class,
        "UnsupportedOperationException",
        () -> kms.rotateKeyOnDemand(b -> b.keyId(mrk)));
  }
}
