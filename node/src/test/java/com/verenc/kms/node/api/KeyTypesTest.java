package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.assertKmsError;
import static com.verenc.kms.node.api.KmsTestSupport.assertValidationError;
import static com.verenc.kms.node.api.KmsTestSupport.keyArn;
import static com.verenc.kms.node.api.KmsTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeyAgreementAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/**
 * Keys of every spec and usage as DescribeKey and GetPublicKey show them, what each refuses
 * (operations outside its usage, rotation of anything but a symmetric encryption key) and the key
 * states over the new operations. The operations themselves are in the other KeyTypes* classes.
 */
class KeyTypesTest extends KeyTypesFixture {
  private static final List<String> RSA_ENCRYPTION =
      List.of("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256");
  private static final List<String> RSA_SIGNING =
      List.of(
          "RSASSA_PKCS1_V1_5_SHA_256",
          "RSASSA_PKCS1_V1_5_SHA_384",
          "RSASSA_PKCS1_V1_5_SHA_512",
          "RSASSA_PSS_SHA_256",
          "RSASSA_PSS_SHA_384",
          "RSASSA_PSS_SHA_512");
  private static final List<String> NONE = List.of();

  /**
   * A key's spec and usage, and the EncryptionAlgorithms, SigningAlgorithms, MacAlgorithms and
   * KeyAgreementAlgorithms AWS shows for it.
   */
  record Shape(
      KeySpec spec,
      KeyUsageType usage,
      List<String> encryption,
      List<String> signing,
      List<String> mac,
      List<String> keyAgreement) {
    @Override
    public String toString() {
      return spec + " " + usage;
    }
  }

  private static Shape encrypting(KeySpec spec, List<String> algorithms) {
    return new Shape(spec, KeyUsageType.ENCRYPT_DECRYPT, algorithms, NONE, NONE, NONE);
  }

  private static Shape signing(KeySpec spec, List<String> algorithms) {
    return new Shape(spec, KeyUsageType.SIGN_VERIFY, NONE, algorithms, NONE, NONE);
  }

  private static Shape mac(KeySpec spec, String algorithm) {
    return new Shape(spec, KeyUsageType.GENERATE_VERIFY_MAC, NONE, NONE, List.of(algorithm), NONE);
  }

  private static Shape agreeing(KeySpec spec) {
    return new Shape(spec, KeyUsageType.KEY_AGREEMENT, NONE, NONE, NONE, List.of("ECDH"));
  }

  static Stream<Shape> everySpecAndUsage() {
    return Stream.of(
        encrypting(KeySpec.SYMMETRIC_DEFAULT, List.of("SYMMETRIC_DEFAULT")),
        mac(KeySpec.HMAC_224, "HMAC_SHA_224"),
        mac(KeySpec.HMAC_256, "HMAC_SHA_256"),
        mac(KeySpec.HMAC_384, "HMAC_SHA_384"),
        mac(KeySpec.HMAC_512, "HMAC_SHA_512"),
        encrypting(KeySpec.RSA_2048, RSA_ENCRYPTION),
        encrypting(KeySpec.RSA_3072, RSA_ENCRYPTION),
        encrypting(KeySpec.RSA_4096, RSA_ENCRYPTION),
        signing(KeySpec.RSA_2048, RSA_SIGNING),
        signing(KeySpec.RSA_3072, RSA_SIGNING),
        signing(KeySpec.RSA_4096, RSA_SIGNING),
        signing(KeySpec.ECC_NIST_P256, List.of("ECDSA_SHA_256")),
        signing(KeySpec.ECC_NIST_P384, List.of("ECDSA_SHA_384")),
        signing(KeySpec.ECC_NIST_P521, List.of("ECDSA_SHA_512")),
        signing(KeySpec.ECC_SECG_P256_K1, List.of("ECDSA_SHA_256")),
        agreeing(KeySpec.ECC_NIST_P256),
        agreeing(KeySpec.ECC_NIST_P384),
        agreeing(KeySpec.ECC_NIST_P521));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everySpecAndUsage")
  void describeKeyShowsTheSpecTheUsageAndOnlyTheAlgorithmsOfTheUsage(Shape shape) {
    KeySpec spec = shape.spec();
    KeyUsageType usage = shape.usage();
    KeyMetadata created = created(spec, usage);
    KeyMetadata m = describe(created.keyId());
    assertEquals(created, m, "CreateKey and DescribeKey answer the same metadata");
    assertEquals(spec, m.keySpec());
    assertEquals(spec.toString(), m.customerMasterKeySpecAsString(), "the deprecated member too");
    assertEquals(usage, m.keyUsage());
    assertEquals(KeyState.ENABLED, m.keyState());
    assertEquals(OriginType.AWS_KMS, m.origin());
    assertEquals(shape.encryption(), m.encryptionAlgorithmsAsStrings());
    assertEquals(
        !shape.encryption().isEmpty(),
        m.hasEncryptionAlgorithms(),
        "a family the key does not serve is left out");
    assertEquals(shape.signing(), m.signingAlgorithmsAsStrings());
    assertEquals(!shape.signing().isEmpty(), m.hasSigningAlgorithms());
    assertEquals(shape.mac(), m.macAlgorithmsAsStrings());
    assertEquals(!shape.mac().isEmpty(), m.hasMacAlgorithms());
    assertEquals(shape.keyAgreement(), m.keyAgreementAlgorithmsAsStrings());
    assertEquals(!shape.keyAgreement().isEmpty(), m.hasKeyAgreementAlgorithms());
  }

  /** The RSA and ECC shapes; KeyTypesMacTest checks that the others have no public key. */
  static Stream<Shape> asymmetricSpecsAndUsages() {
    return everySpecAndUsage()
        .filter(s -> s.spec() != KeySpec.SYMMETRIC_DEFAULT && s.mac().isEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("asymmetricSpecsAndUsages")
  void getPublicKeyOfAnAsymmetricKeyShowsWhatDescribeKeyShowsAndAKeyOfTheSpec(Shape shape) {
    KeySpec spec = shape.spec();
    KeyUsageType usage = shape.usage();
    String keyId = key(spec, usage);
    GetPublicKeyResponse r = kms.getPublicKey(b -> b.keyId(keyId));
    assertEquals(keyArn(keyId), r.keyId());
    assertEquals(spec, r.keySpec());
    assertEquals(spec.toString(), r.customerMasterKeySpecAsString());
    assertEquals(usage, r.keyUsage());
    assertEquals(shape.encryption(), r.encryptionAlgorithmsAsStrings());
    assertEquals(!shape.encryption().isEmpty(), r.hasEncryptionAlgorithms());
    assertEquals(shape.signing(), r.signingAlgorithmsAsStrings());
    assertEquals(!shape.signing().isEmpty(), r.hasSigningAlgorithms());
    assertEquals(shape.keyAgreement(), r.keyAgreementAlgorithmsAsStrings());
    assertEquals(!shape.keyAgreement().isEmpty(), r.hasKeyAgreementAlgorithms());

    PublicKey publicKey = decodePublic(spec, r.publicKey().asByteArray());
    int bits =
        switch (spec) {
          case RSA_2048 -> 2048;
          case RSA_3072 -> 3072;
          case RSA_4096 -> 4096;
          case ECC_NIST_P384 -> 384;
          case ECC_NIST_P521 -> 521;
          default -> 256;
        };
    if (isRsa(spec)) {
      RSAPublicKey rsa = (RSAPublicKey) publicKey;
      assertEquals(bits, rsa.getModulus().bitLength());
      assertEquals(BigInteger.valueOf(65537), rsa.getPublicExponent());
    } else {
      ECPublicKey ec = (ECPublicKey) publicKey;
      assertEquals(bits, ec.getParams().getCurve().getField().getFieldSize());
      // secp256k1 is y^2 = x^3 + 7; the NIST curves have a = -3.
      assertEquals(
          spec == KeySpec.ECC_SECG_P256_K1, ec.getParams().getCurve().getA().signum() == 0);
    }
    assertEquals(
        r.publicKey(),
        kms.getPublicKey(b -> b.keyId(keyId)).publicKey(),
        "the same key every time");
  }

  @Test
  void keysOfTheSameSpecHaveTheirOwnKeyPairs() {
    String first = newKey(KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY);
    String second = newKey(KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY);
    assertNotEquals(
        kms.getPublicKey(b -> b.keyId(first)).publicKey(),
        kms.getPublicKey(b -> b.keyId(second)).publicKey());
  }

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
