package com.verenc.kms.crypto;

import java.util.List;

/**
 * The AWS KMS key specs this KMS implements, and what AWS lets each of them do.
 *
 * <p>The algorithm lists are those a key of the spec allows under the key usage that uses them; a
 * key has one usage, so an RSA_2048 SIGN_VERIFY key lists only its signing algorithms to callers.
 */
public enum KeySpec {
  SYMMETRIC_DEFAULT(Family.SYMMETRIC, 256, null),
  HMAC_224(Family.HMAC, 224, null),
  HMAC_256(Family.HMAC, 256, null),
  HMAC_384(Family.HMAC, 384, null),
  HMAC_512(Family.HMAC, 512, null),
  RSA_2048(Family.RSA, 2048, null),
  RSA_3072(Family.RSA, 3072, null),
  RSA_4096(Family.RSA, 4096, null),
  ECC_NIST_P256(Family.ECC, 256, "secp256r1"),
  ECC_NIST_P384(Family.ECC, 384, "secp384r1"),
  ECC_NIST_P521(Family.ECC, 521, "secp521r1"),
  ECC_SECG_P256K1(Family.ECC, 256, "secp256k1");

  private enum Family {
    SYMMETRIC,
    HMAC,
    RSA,
    ECC
  }

  // In the order AWS DescribeKey lists them.
  private static final List<SigningAlgorithm> RSA_SIGNING =
      List.of(
          SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_256,
          SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_384,
          SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_512,
          SigningAlgorithm.RSASSA_PSS_SHA_256,
          SigningAlgorithm.RSASSA_PSS_SHA_384,
          SigningAlgorithm.RSASSA_PSS_SHA_512);
  private static final List<EncryptionAlgorithm> RSA_ENCRYPTION =
      List.of(EncryptionAlgorithm.RSAES_OAEP_SHA_1, EncryptionAlgorithm.RSAES_OAEP_SHA_256);

  private final Family family;
  private final int keyBits;
  private final String curveName;

  KeySpec(Family family, int keyBits, String curveName) {
    this.family = family;
    this.keyBits = keyBits;
    this.curveName = curveName;
  }

  /** Parses an AWS KeySpec string; an unknown or unimplemented one is an InvalidInputException. */
  public static KeySpec of(String awsName) {
    return AwsNames.parse(KeySpec.class, "KeySpec", awsName);
  }

  /** Key size in bits: the AES or HMAC key length, the RSA modulus length, or the EC field size. */
  public int keyBits() {
    return keyBits;
  }

  public boolean isHmac() {
    return family == Family.HMAC;
  }

  public boolean isRsa() {
    return family == Family.RSA;
  }

  public boolean isEcc() {
    return family == Family.ECC;
  }

  /** True for the key pair specs, which are also the KeyPairSpecs of GenerateDataKeyPair. */
  public boolean isAsymmetric() {
    return isRsa() || isEcc();
  }

  /** The key usages AWS lets a key of this spec be created with, the default first. */
  public List<KeyUsage> keyUsages() {
    return switch (family) {
      case SYMMETRIC -> List.of(KeyUsage.ENCRYPT_DECRYPT);
      case HMAC -> List.of(KeyUsage.GENERATE_VERIFY_MAC);
      case RSA -> List.of(KeyUsage.ENCRYPT_DECRYPT, KeyUsage.SIGN_VERIFY);
      // secp256k1 is for signing only in AWS; key agreement is on the NIST curves.
      case ECC ->
          this == ECC_SECG_P256K1
              ? List.of(KeyUsage.SIGN_VERIFY)
              : List.of(KeyUsage.SIGN_VERIFY, KeyUsage.KEY_AGREEMENT);
    };
  }

  /** Signing algorithms of a SIGN_VERIFY key of this spec. */
  public List<SigningAlgorithm> signingAlgorithms() {
    return switch (this) {
      case RSA_2048, RSA_3072, RSA_4096 -> RSA_SIGNING;
      case ECC_NIST_P256, ECC_SECG_P256K1 -> List.of(SigningAlgorithm.ECDSA_SHA_256);
      case ECC_NIST_P384 -> List.of(SigningAlgorithm.ECDSA_SHA_384);
      case ECC_NIST_P521 -> List.of(SigningAlgorithm.ECDSA_SHA_512);
      default -> List.of();
    };
  }

  /** Encryption algorithms of an ENCRYPT_DECRYPT key of this spec. */
  public List<EncryptionAlgorithm> encryptionAlgorithms() {
    return switch (family) {
      case SYMMETRIC -> List.of(EncryptionAlgorithm.SYMMETRIC_DEFAULT);
      case RSA -> RSA_ENCRYPTION;
      default -> List.of();
    };
  }

  /** The MAC algorithm of an HMAC key: HMAC_n allows exactly HMAC_SHA_n. */
  public List<MacAlgorithm> macAlgorithms() {
    return switch (this) {
      case HMAC_224 -> List.of(MacAlgorithm.HMAC_SHA_224);
      case HMAC_256 -> List.of(MacAlgorithm.HMAC_SHA_256);
      case HMAC_384 -> List.of(MacAlgorithm.HMAC_SHA_384);
      case HMAC_512 -> List.of(MacAlgorithm.HMAC_SHA_512);
      default -> List.of();
    };
  }

  /** Key agreement algorithms of a KEY_AGREEMENT key of this spec. */
  public List<KeyAgreementAlgorithm> keyAgreementAlgorithms() {
    return keyUsages().contains(KeyUsage.KEY_AGREEMENT)
        ? List.of(KeyAgreementAlgorithm.ECDH)
        : List.of();
  }

  /** The standard (JCA) name of the curve of an ECC spec. */
  String curveName() {
    if (curveName == null) {
      throw new IllegalStateException(name() + " is not an ECC key spec");
    }
    return curveName;
  }

  void require(SigningAlgorithm algorithm) {
    if (!signingAlgorithms().contains(algorithm)) {
      throw incompatible("SigningAlgorithm", algorithm, signingAlgorithms());
    }
  }

  void require(EncryptionAlgorithm algorithm) {
    if (!encryptionAlgorithms().contains(algorithm)) {
      throw incompatible("EncryptionAlgorithm", algorithm, encryptionAlgorithms());
    }
  }

  void require(MacAlgorithm algorithm) {
    if (!macAlgorithms().contains(algorithm)) {
      throw incompatible("MacAlgorithm", algorithm, macAlgorithms());
    }
  }

  void require(KeyAgreementAlgorithm algorithm) {
    if (!keyAgreementAlgorithms().contains(algorithm)) {
      throw incompatible("KeyAgreementAlgorithm", algorithm, keyAgreementAlgorithms());
    }
  }

  private IncompatibleAlgorithmException incompatible(
      String member, Enum<?> algorithm, List<? extends Enum<?>> allowed) {
    return new IncompatibleAlgorithmException(
        member
            + " "
            + algorithm
            + " is not valid for KeySpec "
            + name()
            + (allowed.isEmpty() ? "" : "; it allows " + allowed));
  }
}
