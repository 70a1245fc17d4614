package com.verenc.kms.crypto;

/** The AWS KMS SigningAlgorithmSpec values for RSA and ECDSA keys. */
public enum SigningAlgorithm {
  /** RSASSA-PSS, MGF1 with the same hash, salt as long as the hash, trailer field 1. */
  RSASSA_PSS_SHA_256(Scheme.RSA_PSS, Hash.SHA_256),
  RSASSA_PSS_SHA_384(Scheme.RSA_PSS, Hash.SHA_384),
  RSASSA_PSS_SHA_512(Scheme.RSA_PSS, Hash.SHA_512),
  /** RSASSA-PKCS1-v1_5 (RFC 8017 section 8.2). */
  RSASSA_PKCS1_V1_5_SHA_256(Scheme.RSA_PKCS1, Hash.SHA_256),
  RSASSA_PKCS1_V1_5_SHA_384(Scheme.RSA_PKCS1, Hash.SHA_384),
  RSASSA_PKCS1_V1_5_SHA_512(Scheme.RSA_PKCS1, Hash.SHA_512),
  /** ECDSA, the signature a DER-encoded SEQUENCE of r and s (RFC 3279 section 2.2.3). */
  ECDSA_SHA_256(Scheme.ECDSA, Hash.SHA_256),
  ECDSA_SHA_384(Scheme.ECDSA, Hash.SHA_384),
  ECDSA_SHA_512(Scheme.ECDSA, Hash.SHA_512);

  /** The signature scheme, which fixes how the hash is fed to the primitive. */
  enum Scheme {
    RSA_PSS,
    RSA_PKCS1,
    ECDSA
  }

  private final Scheme scheme;
  private final Hash hash;

  SigningAlgorithm(Scheme scheme, Hash hash) {
    this.scheme = scheme;
    this.hash = hash;
  }

  /** Parses an AWS SigningAlgorithmSpec string; an unknown one is an InvalidInputException. */
  public static SigningAlgorithm of(String awsName) {
    return AwsNames.parse(SigningAlgorithm.class, "SigningAlgorithm", awsName);
  }

  /** Length of the digest a DIGEST message must have for this algorithm. */
  public int digestBytes() {
    return hash.bytes();
  }

  Scheme scheme() {
    return scheme;
  }

  Hash hash() {
    return hash;
  }
}
