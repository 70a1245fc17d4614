package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.assertKmsError;
import static com.verenc.kms.node.api.KmsTestSupport.assertValidationError;
import static com.verenc.kms.node.api.KmsTestSupport.utf8;
import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.ExpiredImportTokenException;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/**
 * Imported material past its ValidTo, import tokens past their 24 hours, keys pending deletion, and
 * what keys refuse because of their origin. The node's business clock is the test's and stands
 * still unless moved; the first test brings it to the wall clock (which resident keys judge expiry
 * by) before it moves both, the last moves it a day ahead.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImportKeyMaterialStatesTest extends ImportFixture {
  private static final SdkBytes PLAINTEXT = utf8("until ValidTo");

  private static void assertInvalidState(Executable call) {
    assertKmsError(KmsInvalidStateException.class, "KMSInvalidStateException", call);
  }

  private static void assertUnsupported(Executable call) {
    assertKmsError(UnsupportedOperationException.class, "UnsupportedOperationException", call);
  }

  private SdkBytes encrypt(String keyId) {
    return kms.encrypt(b -> b.keyId(keyId).plaintext(PLAINTEXT)).ciphertextBlob();
  }

  private SdkBytes decrypt(SdkBytes ciphertext) {
    return kms.decrypt(b -> b.ciphertextBlob(ciphertext)).plaintext();
  }

  @Test
  @Order(1)
  void materialPastItsValidToIsPendingImportUntilReimported() throws InterruptedException {
    // Node time = wall time, as in production.
    node.clock().advance(Duration.between(node.clock().instant(), Instant.now()));
    String keyId = newExternalSymmetricKey();
    byte[] material = random(32);
    Instant validTo = node.clock().instant().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
    String materialId =
        importMaterial(
                keyId,
                material,
                AlgorithmSpec.RSAES_OAEP_SHA_256,
                WrappingKeySpec.RSA_2048,
                b -> b.expirationModel(ExpirationModelType.KEY_MATERIAL_EXPIRES).validTo(validTo))
            .keyMaterialId();
    KeyMetadata usable = describe(keyId);
    assertEnabledWithMaterial(usable);
    assertEquals(validTo, usable.validTo());
    assertEquals(validTo, eventually("the expiry is scheduled", () -> scheduledExpiry(keyId)));
    // The first use makes the key resident on the node; the next ones are served there.
    SdkBytes ciphertext = encrypt(keyId);
    for (int i = 0; i < 3; i++) {
      assertEquals(PLAINTEXT, decrypt(encrypt(keyId)));
    }

    long wait = Duration.between(Instant.now(), validTo).toMillis() + 200;
    if (wait > 0) {
      Thread.sleep(wait);
    }
    node.clock().advance(Duration.between(node.clock().instant(), Instant.now()));

    assertPendingImport(describe(keyId));
    assertInvalidState(() -> encrypt(keyId));
    assertInvalidState(() -> decrypt(ciphertext));
    // The zone's expiry sweeper deletes the material (the key's row is gone once nothing is due).
    eventually("the sweeper deletes the expired material", () -> !hasScheduleRow(keyId));
    assertPendingImport(describe(keyId));

    assertEquals(materialId, importForever(keyId, material).keyMaterialId());
    assertEnabledWithMaterial(describe(keyId));
    assertEquals(PLAINTEXT, decrypt(ciphertext));
    assertFalse(hasScheduleRow(keyId), "material that does not expire has nothing scheduled");
  }

  /** The ValidTo the zone's schedule holds for the key, or null. */
  private Instant scheduledExpiry(String keyId) {
    return query(
        keyId,
        rs -> rs.next() && rs.getTimestamp(1) != null ? rs.getTimestamp(1).toInstant() : null);
  }

  private boolean hasScheduleRow(String keyId) {
    return query(keyId, ResultSet::next);
  }

  private interface Rows<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> T query(String keyId, Rows<T> rows) {
    try (Connection c = node.database().connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT material_expiry FROM kms_key_schedule WHERE persistence_id LIKE ?")) {
      ps.setString(1, "%" + keyId);
      try (ResultSet rs = ps.executeQuery()) {
        return rows.read(rs);
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  @Order(2)
  void keyPendingDeletionTakesNoImportButItsMaterialCanBeDeleted() {
    String pending = newExternalSymmetricKey();
    kms.scheduleKeyDeletion(b -> b.keyId(pending).pendingWindowInDays(7));
    assertEquals(KeyState.PENDING_DELETION, describe(pending).keyState());
    assertInvalidState(() -> parameters(pending, DEFAULT_WRAPPING, WrappingKeySpec.RSA_2048));
    kms.cancelKeyDeletion(b -> b.keyId(pending));
    assertPendingImport(describe(pending));

    String imported = newExternalSymmetricKey();
    byte[] material = random(32);
    GetParametersForImportResponse p =
        parameters(imported, DEFAULT_WRAPPING, WrappingKeySpec.RSA_2048);
    importForever(imported, material);
    SdkBytes ciphertext = encrypt(imported);
    kms.scheduleKeyDeletion(b -> b.keyId(imported).pendingWindowInDays(7));
    assertInvalidState(
        () ->
            kms.importKeyMaterial(
                b ->
                    b.keyId(imported)
                        .importToken(p.importToken())
                        .encryptedKeyMaterial(wrap(p, DEFAULT_WRAPPING, material))
                        .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)));
    // AWS: "When the specified KMS key is in the PendingDeletion state, this operation does not
    // change the KMS key's state."
    assertNotNull(kms.deleteImportedKeyMaterial(b -> b.keyId(imported)).keyMaterialId());
    assertEquals(KeyState.PENDING_DELETION, describe(imported).keyState());
    kms.cancelKeyDeletion(b -> b.keyId(imported));
    assertPendingImport(describe(imported));
    assertInvalidState(() -> decrypt(ciphertext));
  }

  @Test
  @Order(2)
  void wrappingAlgorithmsThisKmsDoesNotOfferAreValidationErrors() {
    String keyId = newExternalSymmetricKey();
    assertValidationError(
        () -> parameters(keyId, AlgorithmSpec.RSAES_PKCS1_V1_5, WrappingKeySpec.RSA_2048));
    assertValidationError(
        () -> parameters(keyId, AlgorithmSpec.RSAES_OAEP_SHA_256, WrappingKeySpec.SM2));
    assertPendingImport(describe(keyId));
  }

  @Test
  @Order(2)
  void keysOfGeneratedMaterialRefuseImportsAndImportedKeysRefuseRotation() {
    String generated = symmetricKey();
    SdkBytes ciphertext = encrypt(generated);
    String external = newExternalSymmetricKey();
    GetParametersForImportResponse p =
        parameters(external, DEFAULT_WRAPPING, WrappingKeySpec.RSA_2048);
    SdkBytes wrapped = wrap(p, DEFAULT_WRAPPING, random(32));

    assertUnsupported(() -> parameters(generated, DEFAULT_WRAPPING, WrappingKeySpec.RSA_2048));
    assertUnsupported(
        () ->
            kms.importKeyMaterial(
                b ->
                    b.keyId(generated)
                        .importToken(p.importToken())
                        .encryptedKeyMaterial(wrapped)
                        .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)));
    assertUnsupported(() -> kms.deleteImportedKeyMaterial(b -> b.keyId(generated)));
    assertEquals(PLAINTEXT, decrypt(ciphertext), "the generated key keeps its material");
    assertEquals(OriginType.AWS_KMS, describe(generated).origin());

    assertUnsupported(() -> kms.enableKeyRotation(b -> b.keyId(external)));
    kms.importKeyMaterial(
        b ->
            b.keyId(external)
                .importToken(p.importToken())
                .encryptedKeyMaterial(wrapped)
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE));
    assertEnabledWithMaterial(describe(external));
    assertUnsupported(() -> kms.enableKeyRotation(b -> b.keyId(external)));
    // On demand only to material imported for it (ImportKeyMaterialRotationTest).
    assertInvalidState(() -> kms.rotateKeyOnDemand(b -> b.keyId(external)));
    assertFalse(kms.getKeyRotationStatus(b -> b.keyId(external)).keyRotationEnabled());
  }

  @Test
  @Order(3)
  void importTokenExpiresAfter24Hours() {
    String keyId = newExternalSymmetricKey();
    byte[] material = random(32);
    AlgorithmSpec algorithm = AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256;
    GetParametersForImportResponse p = parameters(keyId, algorithm, WrappingKeySpec.RSA_2048);
    assertEquals(
        node.clock().instant().plus(Duration.ofHours(24)).truncatedTo(ChronoUnit.MILLIS),
        p.parametersValidTo().truncatedTo(ChronoUnit.MILLIS));
    SdkBytes wrapped = wrap(p, algorithm, material);

    node.clock().advance(Duration.ofHours(24).plusSeconds(1));

    assertKmsError(
        ExpiredImportTokenException.class,
        "ExpiredImportTokenException",
        () ->
            kms.importKeyMaterial(
                b ->
                    b.keyId(keyId)
                        .importToken(p.importToken())
                        .encryptedKeyMaterial(wrapped)
                        .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)));
    assertPendingImport(describe(keyId));
    importForever(keyId, material);
    assertEnabledWithMaterial(describe(keyId));
  }
}
