package com.verenc.kms.crypto;

/** The AWS KMS KeyAgreementAlgorithm values. */
public enum KeyAgreementAlgorithm {
  /** Elliptic Curve Cryptography Cofactor Diffie-Hellman (cofactor 1 on the NIST curves). */
  ECDH;

  /** Parses an AWS KeyAgreementAlgorithm string; an unknown one is an InvalidInputException. */
  public static KeyAgreementAlgorithm of(String awsName) {
    return AwsNames.parse(KeyAgreementAlgorithm.class, "KeyAgreementAlgorithm", awsName);
  }
}
