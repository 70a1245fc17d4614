package com.verenc.kms.crypto;

/** The AWS KMS KeyUsage values; the names are AWS's strings. */
public enum KeyUsage {
  SIGN_VERIFY,
  ENCRYPT_DECRYPT,
  GENERATE_VERIFY_MAC,
  KEY_AGREEMENT;

  /** Parses an AWS KeyUsage string; an unknown one is an {@link InvalidInputException}. */
  public static KeyUsage of(String awsName) {
    return AwsNames.parse(KeyUsage.class, "KeyUsage", awsName);
  }
}
