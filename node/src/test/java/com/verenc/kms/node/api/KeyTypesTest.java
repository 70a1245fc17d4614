package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.keyArn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * Keys of every spec and usage as DescribeKey and GetPublicKey show them. What they refuse is in
 * KeyTypesRefusalTest, the operations themselves in the other KeyTypes* classes.
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
}
