package com.verenc.kms.crypto;

/** The AWS KMS EncryptionAlgorithmSpec values this KMS implements. */
public enum EncryptionAlgorithm {
  /** AES-256-GCM under a symmetric KMS key, as {@link Envelope} implements it. */
  SYMMETRIC_DEFAULT(null),
  /** RSA OAEP with SHA-1 and MGF1-SHA-1. */
  RSAES_OAEP_SHA_1(Hash.SHA_1),
  /** RSA OAEP with SHA-256 and MGF1-SHA-256. */
  RSAES_OAEP_SHA_256(Hash.SHA_256);

  private final Hash hash;

  EncryptionAlgorithm(Hash hash) {
    this.hash = hash;
  }

  /** Parses an AWS EncryptionAlgorithmSpec string; an unknown one is an InvalidInputException. */
  public static EncryptionAlgorithm of(String awsName) {
    return AwsNames.parse(EncryptionAlgorithm.class, "EncryptionAlgorithm", awsName);
  }

  /** The OAEP hash, also used by MGF1; null for SYMMETRIC_DEFAULT. */
  Hash oaepHash() {
    return hash;
  }
}
