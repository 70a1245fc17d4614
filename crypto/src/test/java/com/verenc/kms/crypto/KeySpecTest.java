package com.verenc.kms.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What AWS KMS lets each key spec do, and the AWS names. */
class KeySpecTest {

  @Test
  void namesAreAwsStrings() {
    assertEquals(
        List.of(
            "SYMMETRIC_DEFAULT",
            "HMAC_224",
            "HMAC_256",
            "HMAC_384",
            "HMAC_512",
            "RSA_2048",
            "RSA_3072",
            "RSA_4096",
            "ECC_NIST_P256",
            "ECC_NIST_P384",
            "ECC_NIST_P521",
            "ECC_SECG_P256K1"),
        names(KeySpec.values()));
    assertEquals(
        List.of(
            "RSASSA_PSS_SHA_256",
            "RSASSA_PSS_SHA_384",
            "RSASSA_PSS_SHA_512",
            "RSASSA_PKCS1_V1_5_SHA_256",
            "RSASSA_PKCS1_V1_5_SHA_384",
            "RSASSA_PKCS1_V1_5_SHA_512",
            "ECDSA_SHA_256",
            "ECDSA_SHA_384",
            "ECDSA_SHA_512"),
        names(SigningAlgorithm.values()));
    assertEquals(
        List.of("HMAC_SHA_224", "HMAC_SHA_256", "HMAC_SHA_384", "HMAC_SHA_512"),
        names(MacAlgorithm.values()));
    assertEquals(
        List.of("SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"),
        names(EncryptionAlgorithm.values()));
    assertEquals(List.of("RAW", "DIGEST"), names(MessageType.values()));
    assertEquals(List.of("ECDH"), names(KeyAgreementAlgorithm.values()));
  }

  @Test
  void parsesAwsNamesAndRefusesOthers() {
    for (KeySpec spec : KeySpec.values()) {
      assertEquals(spec, KeySpec.of(spec.name()));
    }
    assertEquals(SigningAlgorithm.ECDSA_SHA_256, SigningAlgorithm.of("ECDSA_SHA_256"));
    assertEquals(MacAlgorithm.HMAC_SHA_384, MacAlgorithm.of("HMAC_SHA_384"));
    assertEquals(MessageType.DIGEST, MessageType.of("DIGEST"));
    assertEquals(KeyUsage.KEY_AGREEMENT, KeyUsage.of("KEY_AGREEMENT"));
    assertEquals(EncryptionAlgorithm.RSAES_OAEP_SHA_1, EncryptionAlgorithm.of("RSAES_OAEP_SHA_1"));
    assertEquals(KeyAgreementAlgorithm.ECDH, KeyAgreementAlgorithm.of("ECDH"));
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> KeySpec.of("SM2"));
    assertEquals("KeySpec SM2 is not supported", e.getMessage());
    assertThrows(InvalidInputException.class, () -> SigningAlgorithm.of("SM2DSA"));
    assertThrows(InvalidInputException.class, () -> MessageType.of("EXTERNAL_MU"));
    assertThrows(InvalidInputException.class, () -> MacAlgorithm.of("hmac_sha_256"));
  }

  @Test
  void rsaSpecsSignWithPssAndPkcs1AndEncryptWithOaep() {
    for (KeySpec spec : List.of(KeySpec.RSA_2048, KeySpec.RSA_3072, KeySpec.RSA_4096)) {
      assertEquals(
          List.of(
              SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_256,
              SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_384,
              SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_512,
              SigningAlgorithm.RSASSA_PSS_SHA_256,
              SigningAlgorithm.RSASSA_PSS_SHA_384,
              SigningAlgorithm.RSASSA_PSS_SHA_512),
          spec.signingAlgorithms());
      assertEquals(
          List.of(EncryptionAlgorithm.RSAES_OAEP_SHA_1, EncryptionAlgorithm.RSAES_OAEP_SHA_256),
          spec.encryptionAlgorithms());
      assertEquals(List.of(KeyUsage.ENCRYPT_DECRYPT, KeyUsage.SIGN_VERIFY), spec.keyUsages());
      assertEquals(List.of(), spec.keyAgreementAlgorithms());
      assertEquals(List.of(), spec.macAlgorithms());
      assertTrue(spec.isAsymmetric());
    }
  }

  @Test
  void eccSpecsSignWithTheirCurvesHash() {
    assertEquals(
        List.of(SigningAlgorithm.ECDSA_SHA_256), KeySpec.ECC_NIST_P256.signingAlgorithms());
    assertEquals(
        List.of(SigningAlgorithm.ECDSA_SHA_384), KeySpec.ECC_NIST_P384.signingAlgorithms());
    assertEquals(
        List.of(SigningAlgorithm.ECDSA_SHA_512), KeySpec.ECC_NIST_P521.signingAlgorithms());
    assertEquals(
        List.of(SigningAlgorithm.ECDSA_SHA_256), KeySpec.ECC_SECG_P256K1.signingAlgorithms());
    for (KeySpec nist :
        List.of(KeySpec.ECC_NIST_P256, KeySpec.ECC_NIST_P384, KeySpec.ECC_NIST_P521)) {
      assertEquals(List.of(KeyUsage.SIGN_VERIFY, KeyUsage.KEY_AGREEMENT), nist.keyUsages());
      assertEquals(List.of(KeyAgreementAlgorithm.ECDH), nist.keyAgreementAlgorithms());
      assertEquals(List.of(), nist.encryptionAlgorithms());
    }
    // AWS allows secp256k1 keys for signing only.
    assertEquals(List.of(KeyUsage.SIGN_VERIFY), KeySpec.ECC_SECG_P256K1.keyUsages());
    assertEquals(List.of(), KeySpec.ECC_SECG_P256K1.keyAgreementAlgorithms());
  }

  @Test
  void symmetricSpecs() {
    assertEquals(List.of(KeyUsage.ENCRYPT_DECRYPT), KeySpec.SYMMETRIC_DEFAULT.keyUsages());
    assertEquals(
        List.of(EncryptionAlgorithm.SYMMETRIC_DEFAULT),
        KeySpec.SYMMETRIC_DEFAULT.encryptionAlgorithms());
    for (KeySpec hmac :
        List.of(KeySpec.HMAC_224, KeySpec.HMAC_256, KeySpec.HMAC_384, KeySpec.HMAC_512)) {
      assertEquals(List.of(KeyUsage.GENERATE_VERIFY_MAC), hmac.keyUsages());
      assertEquals(List.of(), hmac.signingAlgorithms());
      assertEquals(List.of(), hmac.encryptionAlgorithms());
      assertFalse(hmac.isAsymmetric());
    }
    assertEquals(List.of(MacAlgorithm.HMAC_SHA_512), KeySpec.HMAC_512.macAlgorithms());
  }

  @Test
  void digestLengthsAreTheHashLengths() {
    assertEquals(32, SigningAlgorithm.RSASSA_PSS_SHA_256.digestBytes());
    assertEquals(48, SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_384.digestBytes());
    assertEquals(64, SigningAlgorithm.ECDSA_SHA_512.digestBytes());
  }

  private static List<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).toList();
  }
}
