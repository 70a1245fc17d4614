package com.verenc.kms.crypto;

/**
 * The AWS KMS WrappingKeySpec values this KMS implements: the size of the RSA key pair whose public
 * key GetParametersForImport hands out to wrap key material for import.
 *
 * <p>AWS's SM2 exists only in its China Regions and is not implemented.
 */
public enum WrappingKeySpec {
  RSA_2048(KeySpec.RSA_2048),
  RSA_3072(KeySpec.RSA_3072),
  RSA_4096(KeySpec.RSA_4096);

  private final KeySpec rsaSpec;

  WrappingKeySpec(KeySpec rsaSpec) {
    this.rsaSpec = rsaSpec;
  }

  /** Parses an AWS WrappingKeySpec string; an unknown one is an {@link InvalidInputException}. */
  public static WrappingKeySpec of(String awsName) {
    return AwsNames.parse(WrappingKeySpec.class, "WrappingKeySpec", awsName);
  }

  /** The RSA key spec of the same modulus size, whose key pairs this spec's are. */
  KeySpec rsaSpec() {
    return rsaSpec;
  }

  /** The spec whose modulus has {@code bits} bits, or null. */
  static WrappingKeySpec ofModulusBits(int bits) {
    for (WrappingKeySpec spec : values()) {
      if (spec.rsaSpec.keyBits() == bits) {
        return spec;
      }
    }
    return null;
  }
}
