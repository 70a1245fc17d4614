package com.verenc.kms.crypto;

/**
 * The AWS KMS WrappingAlgorithm (AlgorithmSpec) values this KMS accepts for importing key material.
 *
 * <p>RSAES_OAEP_* encrypt the material directly under the wrapping public key, in one RSA block.
 * RSA_AES_KEY_WRAP_* are PKCS #11 CKM_RSA_AES_KEY_WRAP as AWS uses it: the caller encrypts an
 * ephemeral AES-256 key with RSAES-OAEP (MGF1 over the same hash), and appends the material wrapped
 * under that key with RFC 5649 AES key wrap with padding.
 */
public enum WrappingAlgorithm {
  RSAES_OAEP_SHA_1(EncryptionAlgorithm.RSAES_OAEP_SHA_1, false),
  RSAES_OAEP_SHA_256(EncryptionAlgorithm.RSAES_OAEP_SHA_256, false),
  RSA_AES_KEY_WRAP_SHA_1(EncryptionAlgorithm.RSAES_OAEP_SHA_1, true),
  RSA_AES_KEY_WRAP_SHA_256(EncryptionAlgorithm.RSAES_OAEP_SHA_256, true);

  private final EncryptionAlgorithm oaep;
  private final boolean aesKeyWrap;

  WrappingAlgorithm(EncryptionAlgorithm oaep, boolean aesKeyWrap) {
    this.oaep = oaep;
    this.aesKeyWrap = aesKeyWrap;
  }

  /**
   * Parses an AWS WrappingAlgorithm string; RSAES_PKCS1_V1_5, SM2PKE and unknown names are an
   * {@link InvalidInputException}.
   */
  public static WrappingAlgorithm of(String awsName) {
    // AWS stopped accepting PKCS #1 v1.5 for import in October 2023: decrypting it on demand
    // makes a Bleichenbacher padding oracle.
    if ("RSAES_PKCS1_V1_5".equals(awsName)) {
      throw new InvalidInputException(
          "WrappingAlgorithm RSAES_PKCS1_V1_5 is no longer supported; use RSAES_OAEP_SHA_256 or"
              + " RSA_AES_KEY_WRAP_SHA_256");
    }
    return AwsNames.parse(WrappingAlgorithm.class, "WrappingAlgorithm", awsName);
  }

  /** Whether the material is wrapped under an ephemeral AES key rather than directly with RSA. */
  public boolean wrapsWithAes() {
    return aesKeyWrap;
  }

  /** The RSAES-OAEP variant that encrypts the material or the ephemeral AES key. */
  EncryptionAlgorithm oaep() {
    return oaep;
  }
}
