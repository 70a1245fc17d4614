package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.assertKmsError;
import static com.verenc.kms.node.api.KmsTestSupport.assertValidationError;
import static com.verenc.kms.node.api.KmsTestSupport.keyArn;
import static com.verenc.kms.node.api.KmsTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Provider;
import java.security.PublicKey;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsInvalidSignatureException;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SignResponse;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.VerifyResponse;

/**
 * Sign and Verify with RSA and ECC keys, every algorithm each offers, RAW and DIGEST: every
 * signature is checked offline with JCA over the key GetPublicKey hands out.
 */
class KeyTypesSignTest extends KeyTypesFixture {
  private static final SdkBytes MESSAGE = utf8("a document to sign, RAW or as its digest");

  static Stream<Arguments> everySpecAndAlgorithm() {
    Stream.Builder<Arguments> all = Stream.builder();
    for (KeySpec rsa : List.of(KeySpec.RSA_2048, KeySpec.RSA_3072, KeySpec.RSA_4096)) {
      for (SigningAlgorithmSpec algorithm :
          List.of(
              SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256,
              SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_384,
              SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_512,
              SigningAlgorithmSpec.RSASSA_PSS_SHA_256,
              SigningAlgorithmSpec.RSASSA_PSS_SHA_384,
              SigningAlgorithmSpec.RSASSA_PSS_SHA_512)) {
        all.add(Arguments.of(rsa, algorithm));
      }
    }
    all.add(Arguments.of(KeySpec.ECC_NIST_P256, SigningAlgorithmSpec.ECDSA_SHA_256));
    all.add(Arguments.of(KeySpec.ECC_NIST_P384, SigningAlgorithmSpec.ECDSA_SHA_384));
    all.add(Arguments.of(KeySpec.ECC_NIST_P521, SigningAlgorithmSpec.ECDSA_SHA_512));
    all.add(Arguments.of(KeySpec.ECC_SECG_P256_K1, SigningAlgorithmSpec.ECDSA_SHA_256));
    return all.build();
  }

  private String signingKey(KeySpec spec) {
    return key(spec, KeyUsageType.SIGN_VERIFY);
  }

  private SdkBytes sign(
      String keyId, SigningAlgorithmSpec algorithm, MessageType type, SdkBytes message) {
    SignResponse r =
        kms.sign(
            b -> b.keyId(keyId).signingAlgorithm(algorithm).messageType(type).message(message));
    assertEquals(keyArn(keyId), r.keyId());
    assertEquals(algorithm, r.signingAlgorithm());
    return r.signature();
  }

  private boolean verify(
      String keyId,
      SigningAlgorithmSpec algorithm,
      MessageType type,
      SdkBytes message,
      SdkBytes signature) {
    VerifyResponse r =
        kms.verify(
            b ->
                b.keyId(keyId)
                    .signingAlgorithm(algorithm)
                    .messageType(type)
                    .message(message)
                    .signature(signature));
    assertEquals(keyArn(keyId), r.keyId());
    assertEquals(algorithm, r.signingAlgorithm());
    return r.signatureValid();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everySpecAndAlgorithm")
  void signaturesVerifyOfflineAndInTheNodeWhetherRawOrDigest(
      KeySpec spec, SigningAlgorithmSpec algorithm) {
    String keyId = signingKey(spec);
    PublicKey publicKey = publicKey(keyId);
    Provider provider = providerFor(spec);
    byte[] message = MESSAGE.asByteArray();
    SdkBytes digest = SdkBytes.fromByteArray(digest(algorithm, message));

    SdkBytes raw = sign(keyId, algorithm, MessageType.RAW, MESSAGE);
    assertTrue(
        jcaVerifies(algorithm, provider, publicKey, message, raw.asByteArray()),
        "RAW signature verifies offline");
    assertFalse(
        jcaVerifies(algorithm, provider, publicKey, "other".getBytes(), raw.asByteArray()),
        "and only for its message");
    // A DIGEST signature is the signature of the message the digest was made of.
    SdkBytes overDigest = sign(keyId, algorithm, MessageType.DIGEST, digest);
    assertTrue(
        jcaVerifies(algorithm, provider, publicKey, message, overDigest.asByteArray()),
        "DIGEST signature verifies offline over the message");

    assertTrue(verify(keyId, algorithm, MessageType.RAW, MESSAGE, raw));
    assertTrue(verify(keyId, algorithm, MessageType.RAW, MESSAGE, overDigest));
    assertTrue(verify(keyId, algorithm, MessageType.DIGEST, digest, raw));
    assertTrue(verify(keyId, algorithm, null, MESSAGE, raw), "RAW is the default");

    SdkBytes tamperedMessage = utf8("a document to sign, RAW or as its digesT");
    assertInvalidSignature(() -> verify(keyId, algorithm, MessageType.RAW, tamperedMessage, raw));
    SdkBytes tamperedDigest = flipByte(digest, 0);
    assertInvalidSignature(() -> verify(keyId, algorithm, MessageType.DIGEST, tamperedDigest, raw));
    int length = raw.asByteArray().length;
    for (int index : new int[] {0, length / 2, length - 1}) {
      SdkBytes tampered = flipByte(raw, index);
      assertInvalidSignature(() -> verify(keyId, algorithm, MessageType.RAW, MESSAGE, tampered));
    }
  }

  @Test
  void rsaPkcs1SignaturesAreDeterministicAndPssOnesAreNot() {
    String keyId = signingKey(KeySpec.RSA_2048);
    SigningAlgorithmSpec pkcs1 = SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256;
    SigningAlgorithmSpec pss = SigningAlgorithmSpec.RSASSA_PSS_SHA_256;
    assertEquals(
        sign(keyId, pkcs1, MessageType.RAW, MESSAGE), sign(keyId, pkcs1, MessageType.RAW, MESSAGE));
    assertNotEquals(
        sign(keyId, pss, MessageType.RAW, MESSAGE), sign(keyId, pss, MessageType.RAW, MESSAGE));
    assertEquals(256, sign(keyId, pss, MessageType.RAW, MESSAGE).asByteArray().length);
  }

  @Test
  void aSignatureOfAnotherKeyOrAlgorithmDoesNotVerify() {
    String keyId = signingKey(KeySpec.ECC_NIST_P256);
    String other = newKey(KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY);
    SdkBytes signature = sign(keyId, SigningAlgorithmSpec.ECDSA_SHA_256, MessageType.RAW, MESSAGE);
    assertInvalidSignature(
        () ->
            verify(other, SigningAlgorithmSpec.ECDSA_SHA_256, MessageType.RAW, MESSAGE, signature));

    String rsa = signingKey(KeySpec.RSA_2048);
    SdkBytes pss = sign(rsa, SigningAlgorithmSpec.RSASSA_PSS_SHA_256, MessageType.RAW, MESSAGE);
    assertInvalidSignature(
        () ->
            verify(
                rsa,
                SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256,
                MessageType.RAW,
                MESSAGE,
                pss));
    assertInvalidSignature(
        () -> verify(rsa, SigningAlgorithmSpec.RSASSA_PSS_SHA_384, MessageType.RAW, MESSAGE, pss));
  }

  @Test
  void aDigestOfTheWrongLengthIsInvalid() {
    String ecc = signingKey(KeySpec.ECC_NIST_P384);
    String rsa = signingKey(KeySpec.RSA_2048);
    for (int length : new int[] {32, 47, 49, 64}) {
      SdkBytes digest = bytes(length, 3);
      assertValidationError(
          () -> sign(ecc, SigningAlgorithmSpec.ECDSA_SHA_384, MessageType.DIGEST, digest));
      assertValidationError(
          () ->
              verify(
                  ecc,
                  SigningAlgorithmSpec.ECDSA_SHA_384,
                  MessageType.DIGEST,
                  digest,
                  bytes(96, 1)));
    }
    assertValidationError(
        () -> sign(rsa, SigningAlgorithmSpec.RSASSA_PSS_SHA_512, MessageType.DIGEST, bytes(32, 3)));
    assertValidationError(
        () ->
            sign(
                rsa,
                SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256,
                MessageType.DIGEST,
                bytes(48, 3)));
  }

  @Test
  void anAlgorithmTheKeyDoesNotOfferIsInvalidKeyUsage() {
    String p256 = signingKey(KeySpec.ECC_NIST_P256);
    String p521 = signingKey(KeySpec.ECC_NIST_P521);
    String k1 = signingKey(KeySpec.ECC_SECG_P256_K1);
    String rsa = signingKey(KeySpec.RSA_2048);
    record Refused(String keyId, SigningAlgorithmSpec algorithm) {}
    for (Refused r :
        List.of(
            new Refused(p256, SigningAlgorithmSpec.ECDSA_SHA_384),
            new Refused(p256, SigningAlgorithmSpec.RSASSA_PSS_SHA_256),
            new Refused(p521, SigningAlgorithmSpec.ECDSA_SHA_256),
            new Refused(k1, SigningAlgorithmSpec.ECDSA_SHA_512),
            new Refused(rsa, SigningAlgorithmSpec.ECDSA_SHA_256))) {
      assertInvalidKeyUsage(() -> sign(r.keyId(), r.algorithm(), MessageType.RAW, MESSAGE));
      assertInvalidKeyUsage(
          () -> verify(r.keyId(), r.algorithm(), MessageType.RAW, MESSAGE, bytes(64, 1)));
    }
  }

  @Test
  void anRsaEncryptionKeyDoesNotSign() {
    String keyId = key(KeySpec.RSA_2048, KeyUsageType.ENCRYPT_DECRYPT);
    assertInvalidKeyUsage(
        () -> sign(keyId, SigningAlgorithmSpec.RSASSA_PSS_SHA_256, MessageType.RAW, MESSAGE));
    assertInvalidKeyUsage(
        () ->
            verify(
                keyId,
                SigningAlgorithmSpec.RSASSA_PSS_SHA_256,
                MessageType.RAW,
                MESSAGE,
                bytes(256, 1)));
  }

  @Test
  void externalMuIsOnlyForMlDsaKeys() {
    String keyId = signingKey(KeySpec.ECC_NIST_P256);
    SdkBytes mu = bytes(64, 9);
    assertValidationError(
        () -> sign(keyId, SigningAlgorithmSpec.ECDSA_SHA_256, MessageType.EXTERNAL_MU, mu));
    assertValidationError(
        () ->
            verify(
                keyId,
                SigningAlgorithmSpec.ECDSA_SHA_256,
                MessageType.EXTERNAL_MU,
                mu,
                bytes(70, 1)));
  }

  private static void assertInvalidSignature(Executable call) {
    assertKmsError(KmsInvalidSignatureException.class, "KMSInvalidSignatureException", call);
  }

  private static void assertInvalidKeyUsage(Executable call) {
    assertKmsError(InvalidKeyUsageException.class, "InvalidKeyUsageException", call);
  }
}
