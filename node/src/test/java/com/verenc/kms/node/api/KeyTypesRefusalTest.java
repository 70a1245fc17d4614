package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.assertKmsError;
import static com.verenc.kms.node.api.KmsTestSupport.assertValidationError;
import static com.verenc.kms.node.api.KmsTestSupport.keyArn;
import static com.verenc.kms.node.api.KmsTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeyAgreementAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/**
 * What HMAC and asymmetric keys refuse, as AWS refuses it: usages their spec does not have,
 * rotation, operations outside their usage, and every operation while disabled or pending deletion.
 */
class KeyTypesRefusalTest extends KeyTypesFixture {
  @Test
  void createKeyRefusesUsagesTheSpecDoesNotHave() {
    assertValidationError(() -> kms.createKey(b -> b.keySpec(KeySpec.HMAC_256)));
    assertValidationError(() -> kms.createKey(b -> b.keySpec(KeySpec.RSA_2048)));
    assertValidationError(
        () ->
            kms.createKey(b -> b.keySpec(KeySpec.HMAC_256).keyUsage(KeyUsageType.ENCRYPT_DECRYPT)));
    assertValidationError(
        () -> kms.createKey(b -> b.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.KEY_AGREEMENT)));
    assertValidationError(
        () ->
            kms.createKey(
                b -> b.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)));
    assertValidationError(
        () ->
            kms.createKey(
                b -> b.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.ENCRYPT_DECRYPT)));
    assertValidationError(
        () ->
            kms.createKey(
                b -> b.keySpec(KeySpec.ECC_SECG_P256_K1).keyUsage(KeyUsageType.KEY_AGREEMENT)));
  }

  // ================================================================== rotation

  @Test
  void onlySymmetricEncryptionKeysRotate() {
    String symmetric = symmetricKey();
    assertEquals(keyArn(symmetric), kms.getKeyRotationStatus(b -> b.keyId(symmetric)).keyId());

    for (String keyId :
        List.of(
            key(KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC),
            key(KeySpec.RSA_2048, KeyUsageType.ENCRYPT_DECRYPT),
            key(KeySpec.RSA_2048, KeyUsageType.SIGN_VERIFY),
            key(KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY),
            key(KeySpec.ECC_NIST_P384, KeyUsageType.KEY_AGREEMENT),
            key(KeySpec.ECC_SECG_P256_K1, KeyUsageType.SIGN_VERIFY))) {
      assertUnsupported(() -> kms.getKeyRotationStatus(b -> b.keyId(keyId)));
      assertUnsupported(() -> kms.enableKeyRotation(b -> b.keyId(keyId)));
      assertUnsupported(() -> kms.enableKeyRotation(b -> b.keyId(keyId).rotationPeriodInDays(90)));
      assertUnsupported(() -> kms.disableKeyRotation(b -> b.keyId(keyId)));
      assertUnsupported(() -> kms.rotateKeyOnDemand(b -> b.keyId(keyId)));
      assertUnsupported(() -> kms.listKeyRotations(b -> b.keyId(keyId)));
    }
  }

  private static void assertUnsupported(Executable call) {
    assertKmsError(UnsupportedOperationException.class, "UnsupportedOperationException", call);
  }

  // ================================================================== operations outside the usage

  @Test
  void everyOperationOutsideTheKeysUsageIsInvalidKeyUsage() {
    String symmetric = symmetricKey();
    String hmac = key(KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC);
    String rsaEncrypt = key(KeySpec.RSA_2048, KeyUsageType.ENCRYPT_DECRYPT);
    String rsaSign = key(KeySpec.RSA_2048, KeyUsageType.SIGN_VERIFY);
    String eccSign = key(KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY);
    String eccAgree = key(KeySpec.ECC_NIST_P384, KeyUsageType.KEY_AGREEMENT);
    SdkBytes message = utf8("message");
    SdkBytes signature = bytes(64, 1);
    SdkBytes peer = kms.getPublicKey(b -> b.keyId(eccAgree)).publicKey();

    for (String keyId : List.of(hmac, rsaSign, eccSign, eccAgree)) {
      assertInvalidKeyUsage(() -> kms.encrypt(b -> b.keyId(keyId).plaintext(message)));
      assertInvalidKeyUsage(
          () ->
              kms.encrypt(
                  b ->
                      b.keyId(keyId)
                          .plaintext(message)
                          .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)));
    }
    for (String keyId : List.of(hmac, rsaEncrypt, rsaSign, eccSign, eccAgree)) {
      assertInvalidKeyUsage(
          () -> kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256)));
      assertInvalidKeyUsage(
          () ->
              kms.generateDataKeyWithoutPlaintext(
                  b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256)));
    }
    for (String keyId : List.of(symmetric, rsaEncrypt, rsaSign, eccSign, eccAgree)) {
      assertInvalidKeyUsage(
          () ->
              kms.generateMac(
                  b ->
                      b.keyId(keyId).message(message).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)));
      assertInvalidKeyUsage(
          () ->
              kms.verifyMac(
                  b ->
                      b.keyId(keyId)
                          .message(message)
                          .mac(bytes(32, 1))
                          .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)));
    }
    for (String keyId : List.of(symmetric, hmac, rsaEncrypt, eccAgree)) {
      assertInvalidKeyUsage(
          () ->
              kms.sign(
                  b ->
                      b.keyId(keyId)
                          .message(message)
                          .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)));
      assertInvalidKeyUsage(
          () ->
              kms.sign(
                  b ->
                      b.keyId(keyId)
                          .message(message)
                          .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PSS_SHA_256)));
      assertInvalidKeyUsage(
          () ->
              kms.verify(
                  b ->
                      b.keyId(keyId)
                          .message(message)
                          .signature(signature)
                          .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)));
    }
    for (String keyId : List.of(symmetric, hmac, rsaEncrypt, rsaSign, eccSign)) {
      assertInvalidKeyUsage(
          () ->
              kms.deriveSharedSecret(
                  b ->
                      b.keyId(keyId)
                          .keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH)
                          .publicKey(peer)));
    }
  }

  private static void assertInvalidKeyUsage(Executable call) {
    assertKmsError(InvalidKeyUsageException.class, "InvalidKeyUsageException", call);
  }

  // ================================================================== key states

  @Test
  void aDisabledKeyRefusesTheNewOperationsUntilEnabled() {
    String sign = newKey(KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY);
    String mac = newKey(KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC);
    String agree = newKey(KeySpec.ECC_NIST_P256, KeyUsageType.KEY_AGREEMENT);
    SdkBytes message = utf8("while disabled");
    SdkBytes signature =
        kms.sign(
                b ->
                    b.keyId(sign)
                        .message(message)
                        .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))
            .signature();
    SdkBytes peer = kms.getPublicKey(b -> b.keyId(agree)).publicKey();
    for (String keyId : List.of(sign, mac, agree)) {
      kms.disableKey(b -> b.keyId(keyId));
    }

    assertDisabled(
        () ->
            kms.sign(
                b ->
                    b.keyId(sign)
                        .message(message)
                        .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)));
    assertDisabled(
        () ->
            kms.verify(
                b ->
                    b.keyId(sign)
                        .message(message)
                        .signature(signature)
                        .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)));
    assertDisabled(() -> kms.getPublicKey(b -> b.keyId(sign)));
    assertDisabled(
        () ->
            kms.generateMac(
                b -> b.keyId(mac).message(message).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)));
    assertDisabled(
        () ->
            kms.deriveSharedSecret(
                b ->
                    b.keyId(agree)
                        .keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH)
                        .publicKey(peer)));
    assertFalse(describe(sign).enabled());

    kms.enableKey(b -> b.keyId(sign));
    assertTrue(
        kms.verify(
                b ->
                    b.keyId(sign)
                        .message(message)
                        .signature(signature)
                        .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))
            .signatureValid());
  }

  private static void assertDisabled(Executable call) {
    assertKmsError(DisabledException.class, "DisabledException", call);
  }

  @Test
  void aKeyPendingDeletionRefusesTheNewOperations() {
    String mac = newKey(KeySpec.HMAC_384, KeyUsageType.GENERATE_VERIFY_MAC);
    String sign = newKey(KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY);
    SdkBytes message = utf8("before deletion");
    SdkBytes tag =
        kms.generateMac(
                b -> b.keyId(mac).message(message).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_384))
            .mac();
    kms.scheduleKeyDeletion(b -> b.keyId(mac).pendingWindowInDays(7));
    kms.scheduleKeyDeletion(b -> b.keyId(sign).pendingWindowInDays(7));

    assertPendingDeletion(
        () ->
            kms.generateMac(
                b -> b.keyId(mac).message(message).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_384)));
    assertPendingDeletion(
        () ->
            kms.verifyMac(
                b ->
                    b.keyId(mac)
                        .message(message)
                        .mac(tag)
                        .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_384)));
    assertPendingDeletion(
        () ->
            kms.sign(
                b ->
                    b.keyId(sign)
                        .message(message)
                        .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)));
    assertPendingDeletion(() -> kms.getPublicKey(b -> b.keyId(sign)));

    kms.cancelKeyDeletion(b -> b.keyId(mac));
    kms.enableKey(b -> b.keyId(mac));
    assertTrue(
        kms.verifyMac(
                b ->
                    b.keyId(mac)
                        .message(message)
                        .mac(tag)
                        .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_384))
            .macValid());
  }

  private static void assertPendingDeletion(Executable call) {
    assertKmsError(KmsInvalidStateException.class, "KMSInvalidStateException", call);
  }
}
