package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.assertKmsError;
import static com.verenc.kms.node.api.KmsTestSupport.assertValidationError;
import static com.verenc.kms.node.api.KmsTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.IncorrectKeyMaterialException;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/**
 * Imported HMAC, ECC and RSA material used by the node exactly as the offline key would be,
 * material that does not fit the key's spec, and imported keys across a restart of the node.
 */
class ImportKeyMaterialKeyTypesTest extends ImportFixture {
  private static final byte[] MESSAGE = "signed, MACed and encrypted offline".getBytes();

  private static void assertIncorrectMaterial(Executable call) {
    assertKmsError(IncorrectKeyMaterialException.class, "IncorrectKeyMaterialException", call);
  }

  private static byte[] hmacSha256(byte[] key, byte[] message) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(message);
  }

  @Test
  void importedHmacKeyMacsAsTheOfflineKey() throws Exception {
    for (int keyBytes : new int[] {32, 64}) {
      String keyId = newExternalKey(KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC);
      byte[] key = random(keyBytes);
      importMaterial(
          keyId,
          key,
          AlgorithmSpec.RSAES_OAEP_SHA_256,
          WrappingKeySpec.RSA_2048,
          ImportFixture::noExpiry);
      assertEnabledWithMaterial(describe(keyId));
      SdkBytes mac =
          kms.generateMac(
                  b ->
                      b.keyId(keyId)
                          .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                          .message(SdkBytes.fromByteArray(MESSAGE)))
              .mac();
      assertArrayEquals(hmacSha256(key, MESSAGE), mac.asByteArray(), keyBytes + "-byte key");
      byte[] offline = hmacSha256(key, "another message".getBytes());
      assertTrue(
          kms.verifyMac(
                  b ->
                      b.keyId(keyId)
                          .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                          .message(utf8("another message"))
                          .mac(SdkBytes.fromByteArray(offline)))
              .macValid());
    }
  }

  @Test
  void importedEccKeySignsAsTheOfflineKey() {
    String keyId = newExternalKey(KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY);
    assertKmsError(
        KmsInvalidStateException.class,
        "KMSInvalidStateException",
        () -> kms.getPublicKey(b -> b.keyId(keyId)));
    KeyPair pair = offlinePair("EC", 0, "secp256r1");
    importMaterial(
        keyId,
        pair.getPrivate().getEncoded(),
        AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256,
        WrappingKeySpec.RSA_3072,
        ImportFixture::noExpiry);

    assertEnabledWithMaterial(describe(keyId));
    assertArrayEquals(
        pair.getPublic().getEncoded(),
        kms.getPublicKey(b -> b.keyId(keyId)).publicKey().asByteArray());
    SigningAlgorithmSpec ecdsa = SigningAlgorithmSpec.ECDSA_SHA_256;
    byte[] signature =
        kms.sign(
                b ->
                    b.keyId(keyId).signingAlgorithm(ecdsa).message(SdkBytes.fromByteArray(MESSAGE)))
            .signature()
            .asByteArray();
    assertTrue(jcaVerifies(ecdsa, null, pair.getPublic(), MESSAGE, signature));
    byte[] offline = jcaSign(ecdsa, null, pair.getPrivate(), MESSAGE);
    assertTrue(
        kms.verify(
                b ->
                    b.keyId(keyId)
                        .signingAlgorithm(ecdsa)
                        .message(SdkBytes.fromByteArray(MESSAGE))
                        .signature(SdkBytes.fromByteArray(offline)))
            .signatureValid());
  }

  @Test
  void importedRsaKeyDecryptsOfflineCiphertextsAndNeedsAesKeyWrap() {
    String keyId = newExternalKey(KeySpec.RSA_2048, KeyUsageType.ENCRYPT_DECRYPT);
    for (AlgorithmSpec oaep :
        new AlgorithmSpec[] {AlgorithmSpec.RSAES_OAEP_SHA_1, AlgorithmSpec.RSAES_OAEP_SHA_256}) {
      assertValidationError(() -> parameters(keyId, oaep, WrappingKeySpec.RSA_4096));
    }
    KeyPair pair = offlinePair("RSA", 2048, null);
    importMaterial(
        keyId,
        pair.getPrivate().getEncoded(),
        AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_1,
        WrappingKeySpec.RSA_2048,
        ImportFixture::noExpiry);

    assertArrayEquals(
        pair.getPublic().getEncoded(),
        kms.getPublicKey(b -> b.keyId(keyId)).publicKey().asByteArray());
    for (EncryptionAlgorithmSpec algorithm :
        new EncryptionAlgorithmSpec[] {
          EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1, EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256
        }) {
      SdkBytes ciphertext =
          SdkBytes.fromByteArray(
              KeyTypesRsaEncryptionTest.encryptOffline(pair.getPublic(), algorithm, MESSAGE));
      assertArrayEquals(
          MESSAGE,
          kms.decrypt(b -> b.keyId(keyId).encryptionAlgorithm(algorithm).ciphertextBlob(ciphertext))
              .plaintext()
              .asByteArray(),
          algorithm.toString());
    }
  }

  @Test
  void materialThatDoesNotFitTheSpecIsIncorrect() {
    String symmetric = newExternalSymmetricKey();
    for (int length : new int[] {16, 31, 33, 64}) {
      assertIncorrectMaterial(() -> importForever(symmetric, random(length)));
    }
    String hmac = newExternalKey(KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC);
    for (int length : new int[] {16, 31, 65}) {
      assertIncorrectMaterial(() -> importForever(hmac, random(length)));
    }
    String p256 = newExternalKey(KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY);
    byte[] p384 = offlinePair("EC", 0, "secp384r1").getPrivate().getEncoded();
    assertIncorrectMaterial(() -> importForever(p256, p384));
    assertIncorrectMaterial(() -> importForever(p256, random(32)));
    assertIncorrectMaterial(
        () -> importForever(p256, offlinePair("RSA", 2048, null).getPrivate().getEncoded()));
    String rsa = newExternalKey(KeySpec.RSA_2048, KeyUsageType.SIGN_VERIFY);
    assertIncorrectMaterial(
        () -> importForever(rsa, offlinePair("EC", 0, "secp256r1").getPrivate().getEncoded()));
    assertIncorrectMaterial(
        () -> importForever(rsa, offlinePair("RSA", 3072, null).getPrivate().getEncoded()));
    for (String keyId : new String[] {symmetric, hmac, p256, rsa}) {
      assertPendingImport(describe(keyId));
    }
  }

  @Test
  void importedKeysAndDeletedMaterialSurviveARestart() {
    String kept = newExternalSymmetricKey();
    String deleted = newExternalSymmetricKey();
    String ecc = newExternalKey(KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY);
    byte[] keptMaterial = random(32);
    byte[] deletedMaterial = random(32);
    KeyPair pair = offlinePair("EC", 0, "secp256r1");
    String keptId = importForever(kept, keptMaterial).keyMaterialId();
    importForever(deleted, deletedMaterial);
    importForever(ecc, pair.getPrivate().getEncoded());
    SdkBytes plaintext = utf8("made before the restart");
    SdkBytes keptBlob = kms.encrypt(b -> b.keyId(kept).plaintext(plaintext)).ciphertextBlob();
    SdkBytes deletedBlob = kms.encrypt(b -> b.keyId(deleted).plaintext(plaintext)).ciphertextBlob();
    kms.deleteImportedKeyMaterial(b -> b.keyId(deleted));

    restartNode();

    assertEnabledWithMaterial(describe(kept));
    assertEquals(keptId, describe(kept).currentKeyMaterialId());
    assertEquals(plaintext, kms.decrypt(b -> b.ciphertextBlob(keptBlob)).plaintext());
    SdkBytes after = kms.encrypt(b -> b.keyId(kept).plaintext(plaintext)).ciphertextBlob();
    assertEquals(plaintext, kms.decrypt(b -> b.ciphertextBlob(after)).plaintext());
    assertArrayEquals(
        pair.getPublic().getEncoded(),
        kms.getPublicKey(b -> b.keyId(ecc)).publicKey().asByteArray());
    byte[] signature =
        kms.sign(
                b ->
                    b.keyId(ecc)
                        .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)
                        .message(SdkBytes.fromByteArray(MESSAGE)))
            .signature()
            .asByteArray();
    assertTrue(
        jcaVerifies(
            SigningAlgorithmSpec.ECDSA_SHA_256, null, pair.getPublic(), MESSAGE, signature));

    assertPendingImport(describe(deleted));
    assertKmsError(
        KmsInvalidStateException.class,
        "KMSInvalidStateException",
        () -> kms.decrypt(b -> b.ciphertextBlob(deletedBlob)));
    // The restarted node still knows which material the key takes.
    assertIncorrectMaterial(() -> importForever(deleted, random(32)));
    importForever(deleted, deletedMaterial);
    assertEquals(plaintext, kms.decrypt(b -> b.ciphertextBlob(deletedBlob)).plaintext());
  }
}
