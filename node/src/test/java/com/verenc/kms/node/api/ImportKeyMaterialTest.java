package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.assertKmsError;
import static com.verenc.kms.node.api.KmsTestSupport.assertValidationError;
import static com.verenc.kms.node.api.KmsTestSupport.keyArn;
import static com.verenc.kms.node.api.KmsTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.ImportType;
import software.amazon.awssdk.services.kms.model.IncorrectKeyMaterialException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidImportTokenException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/**
 * ImportKeyMaterial into symmetric keys of Origin EXTERNAL through the AWS SDK: the lifecycle
 * (PendingImport, import, delete, reimport), every wrapping algorithm and wrapping key size, import
 * token and wrapping failures, and the expiration model's rules. Key states and refusals are in
 * {@link ImportKeyMaterialStatesTest}, other key specs in {@link ImportKeyMaterialKeyTypesTest}.
 */
class ImportKeyMaterialTest extends ImportFixture {
  private static final SdkBytes PLAINTEXT = utf8("protected by imported material");

  private SdkBytes encrypt(String keyId) {
    return kms.encrypt(b -> b.keyId(keyId).plaintext(PLAINTEXT)).ciphertextBlob();
  }

  private SdkBytes decrypt(SdkBytes ciphertext) {
    return kms.decrypt(b -> b.ciphertextBlob(ciphertext)).plaintext();
  }

  private static void assertInvalidState(Executable call) {
    assertKmsError(KmsInvalidStateException.class, "KMSInvalidStateException", call);
  }

  @Test
  void symmetricKeyIsImportedDeletedAndReimported() {
    String keyId = newExternalSymmetricKey();
    assertPendingImport(describe(keyId));
    assertInvalidState(() -> encrypt(keyId));
    assertInvalidState(() -> kms.disableKey(b -> b.keyId(keyId)));
    assertInvalidState(() -> kms.deleteImportedKeyMaterial(b -> b.keyId(keyId)));

    byte[] material = random(32);
    Instant validTo =
        node.clock().instant().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
    String materialId =
        importMaterial(
                keyId,
                material,
                AlgorithmSpec.RSAES_OAEP_SHA_256,
                WrappingKeySpec.RSA_3072,
                b -> b.expirationModel(ExpirationModelType.KEY_MATERIAL_EXPIRES).validTo(validTo))
            .keyMaterialId();
    KeyMetadata imported = describe(keyId);
    assertEnabledWithMaterial(imported);
    assertEquals(OriginType.EXTERNAL, imported.origin());
    assertEquals(validTo, imported.validTo());
    assertEquals(ExpirationModelType.KEY_MATERIAL_EXPIRES, imported.expirationModel());
    assertEquals(materialId, imported.currentKeyMaterialId());
    SdkBytes ciphertext = encrypt(keyId);
    assertEquals(PLAINTEXT, decrypt(ciphertext));

    assertEquals(materialId, kms.deleteImportedKeyMaterial(b -> b.keyId(keyId)).keyMaterialId());
    assertPendingImport(describe(keyId));
    assertInvalidState(() -> decrypt(ciphertext));
    assertInvalidState(() -> encrypt(keyId));
    assertInvalidState(() -> kms.deleteImportedKeyMaterial(b -> b.keyId(keyId)));

    // The same material again, under new parameters and without expiry: the old ciphertext is back.
    assertEquals(
        materialId,
        importMaterial(
                keyId,
                material,
                AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_1,
                WrappingKeySpec.RSA_2048,
                ImportFixture::noExpiry)
            .keyMaterialId());
    KeyMetadata reimported = describe(keyId);
    assertEnabledWithMaterial(reimported);
    assertNull(reimported.validTo());
    assertEquals(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE, reimported.expirationModel());
    assertEquals(materialId, reimported.currentKeyMaterialId());
    assertEquals(PLAINTEXT, decrypt(ciphertext));

    // Different material, whether the key holds material or not, is refused.
    assertKmsError(
        IncorrectKeyMaterialException.class,
        "IncorrectKeyMaterialException",
        () -> importForever(keyId, random(32)));
    kms.deleteImportedKeyMaterial(b -> b.keyId(keyId));
    assertKmsError(
        IncorrectKeyMaterialException.class,
        "IncorrectKeyMaterialException",
        () -> importForever(keyId, random(32)));
    assertPendingImport(describe(keyId));
    assertEquals(materialId, importForever(keyId, material).keyMaterialId());
    assertEquals(PLAINTEXT, decrypt(ciphertext));
  }

  @Test
  void everyWrappingAlgorithmWithEveryWrappingKeySize() {
    String keyId = newExternalSymmetricKey();
    byte[] material = random(32);
    Set<String> materialIds = new HashSet<>();
    Set<SdkBytes> publicKeys = new HashSet<>();
    for (WrappingKeySpec spec :
        new WrappingKeySpec[] {
          WrappingKeySpec.RSA_2048, WrappingKeySpec.RSA_3072, WrappingKeySpec.RSA_4096
        }) {
      int bits = Integer.parseInt(spec.toString().substring(4));
      for (AlgorithmSpec algorithm :
          new AlgorithmSpec[] {
            AlgorithmSpec.RSAES_OAEP_SHA_1,
            AlgorithmSpec.RSAES_OAEP_SHA_256,
            AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_1,
            AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256
          }) {
        String what = algorithm + " with " + spec;
        Instant before = node.clock().instant();
        GetParametersForImportResponse p = parameters(keyId, algorithm, spec);
        RSAPublicKey wrappingKey =
            (RSAPublicKey) decodePublic(KeySpec.RSA_2048, p.publicKey().asByteArray());
        assertEquals(bits, wrappingKey.getModulus().bitLength(), what);
        assertTrue(publicKeys.add(p.publicKey()), "a new wrapping key every time: " + what);
        assertEquals(
            before.plus(Duration.ofHours(24)).truncatedTo(ChronoUnit.SECONDS),
            p.parametersValidTo().truncatedTo(ChronoUnit.SECONDS),
            "the parameters are valid for 24 hours: " + what);
        String id =
            kms.importKeyMaterial(
                    b ->
                        b.keyId(keyId)
                            .importToken(p.importToken())
                            .encryptedKeyMaterial(wrap(p, algorithm, material))
                            .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE))
                .keyMaterialId();
        materialIds.add(id);
        assertEquals(PLAINTEXT, decrypt(encrypt(keyId)), what);
        assertEquals(id, describe(keyId).currentKeyMaterialId(), what);
      }
    }
    assertEquals(1, materialIds.size(), "one material, one KeyMaterialId: " + materialIds);
  }

  @Test
  void importTokensAndWrappingThatDoNotBelongAreRefused() {
    String keyId = newExternalSymmetricKey();
    String other = newExternalSymmetricKey();
    byte[] material = random(32);
    AlgorithmSpec algorithm = AlgorithmSpec.RSAES_OAEP_SHA_256;
    GetParametersForImportResponse mine = parameters(keyId, algorithm, WrappingKeySpec.RSA_2048);
    GetParametersForImportResponse theirs = parameters(other, algorithm, WrappingKeySpec.RSA_2048);
    SdkBytes wrapped = wrap(mine, algorithm, material);

    assertKmsError(
        InvalidImportTokenException.class,
        "InvalidImportTokenException",
        () -> importWith(keyId, theirs.importToken(), wrapped));
    assertKmsError(
        InvalidImportTokenException.class,
        "InvalidImportTokenException",
        () -> importWith(other, mine.importToken(), wrapped));
    byte[] token = mine.importToken().asByteArray();
    for (int index : new int[] {0, 20, token.length / 2, token.length - 1}) {
      assertKmsError(
          InvalidImportTokenException.class,
          "InvalidImportTokenException",
          () -> importWith(keyId, flipByte(mine.importToken(), index), wrapped));
    }
    assertKmsError(
        InvalidImportTokenException.class,
        "InvalidImportTokenException",
        () -> importWith(keyId, SdkBytes.fromByteArray(random(token.length)), wrapped));

    // Wrapped with another public key (the other key's, an offline one) or another algorithm.
    SdkBytes offlineKey =
        SdkBytes.fromByteArray(offlinePair("RSA", 2048, null).getPublic().getEncoded());
    for (AlgorithmSpec wrapping :
        new AlgorithmSpec[] {
          AlgorithmSpec.RSAES_OAEP_SHA_256, AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256
        }) {
      GetParametersForImportResponse p = parameters(keyId, wrapping, WrappingKeySpec.RSA_2048);
      for (SdkBytes publicKey : new SdkBytes[] {theirs.publicKey(), offlineKey}) {
        SdkBytes wrongKey = wrap(p.toBuilder().publicKey(publicKey).build(), wrapping, material);
        assertKmsError(
            InvalidCiphertextException.class,
            "InvalidCiphertextException",
            () -> importWith(keyId, p.importToken(), wrongKey));
      }
    }
    AlgorithmSpec[][] mismatches = {
      {AlgorithmSpec.RSAES_OAEP_SHA_256, AlgorithmSpec.RSAES_OAEP_SHA_1},
      {AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256, AlgorithmSpec.RSAES_OAEP_SHA_256},
      {AlgorithmSpec.RSAES_OAEP_SHA_1, AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_1}
    };
    for (AlgorithmSpec[] pair : mismatches) {
      GetParametersForImportResponse p = parameters(keyId, pair[0], WrappingKeySpec.RSA_2048);
      SdkBytes wrongAlgorithm = wrap(p, pair[1], material);
      assertKmsError(
          InvalidCiphertextException.class,
          "InvalidCiphertextException",
          () -> importWith(keyId, p.importToken(), wrongAlgorithm));
    }
    assertPendingImport(describe(keyId));
    assertPendingImport(describe(other));

    assertEquals(keyArn(keyId), importWith(keyId, mine.importToken(), wrapped));
    assertEnabledWithMaterial(describe(keyId));
  }

  private String importWith(String keyId, SdkBytes token, SdkBytes encryptedMaterial) {
    return kms.importKeyMaterial(
            b ->
                b.keyId(keyId)
                    .importToken(token)
                    .encryptedKeyMaterial(encryptedMaterial)
                    .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE))
        .keyId();
  }

  @Test
  void expirationModelAndImportTypeAreChecked() {
    String keyId = newExternalSymmetricKey();
    byte[] material = random(32);
    AlgorithmSpec algorithm = AlgorithmSpec.RSAES_OAEP_SHA_1;
    GetParametersForImportResponse p = parameters(keyId, algorithm, WrappingKeySpec.RSA_2048);
    SdkBytes wrapped = wrap(p, algorithm, material);
    // The node judges dates by its clock, which is the test's.
    Instant now = node.clock().instant();

    assertValidationError(
        () ->
            kms.importKeyMaterial(
                b ->
                    b.keyId(keyId)
                        .importToken(p.importToken())
                        .encryptedKeyMaterial(wrapped)
                        .expirationModel(ExpirationModelType.KEY_MATERIAL_EXPIRES)));
    assertValidationError(
        () ->
            kms.importKeyMaterial(
                b -> b.keyId(keyId).importToken(p.importToken()).encryptedKeyMaterial(wrapped)));
    assertValidationError(
        () ->
            kms.importKeyMaterial(
                b ->
                    b.keyId(keyId)
                        .importToken(p.importToken())
                        .encryptedKeyMaterial(wrapped)
                        .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)
                        .validTo(now.plus(Duration.ofDays(1)))));
    for (Instant validTo :
        new Instant[] {now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofDays(400))}) {
      assertValidationError(
          () ->
              kms.importKeyMaterial(
                  b ->
                      b.keyId(keyId)
                          .importToken(p.importToken())
                          .encryptedKeyMaterial(wrapped)
                          .expirationModel(ExpirationModelType.KEY_MATERIAL_EXPIRES)
                          .validTo(validTo)));
    }
    // A KeyMaterialId names material imported before: not with NEW_KEY_MATERIAL.
    assertValidationError(
        () ->
            kms.importKeyMaterial(
                b ->
                    b.keyId(keyId)
                        .importToken(p.importToken())
                        .encryptedKeyMaterial(wrapped)
                        .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)
                        .importType(ImportType.NEW_KEY_MATERIAL)
                        .keyMaterialId("0".repeat(64))));
    assertPendingImport(describe(keyId));

    // The same request with a ValidTo 364 days ahead is accepted.
    Instant validTo = now.plus(Duration.ofDays(364)).truncatedTo(ChronoUnit.SECONDS);
    kms.importKeyMaterial(
        b ->
            b.keyId(keyId)
                .importToken(p.importToken())
                .encryptedKeyMaterial(wrapped)
                .validTo(validTo));
    KeyMetadata m = describe(keyId);
    assertEnabledWithMaterial(m);
    assertEquals(validTo, m.validTo());
    assertEquals(ExpirationModelType.KEY_MATERIAL_EXPIRES, m.expirationModel());
  }
}
