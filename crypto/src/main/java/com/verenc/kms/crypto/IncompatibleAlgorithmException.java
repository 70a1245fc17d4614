package com.verenc.kms.crypto;

/**
 * An algorithm, or an operation, that the key spec does not allow, such as ECDSA_SHA_384 with an
 * ECC_NIST_P256 key; AWS KMS answers these with an InvalidKeyUsageException.
 */
public final class IncompatibleAlgorithmException extends IllegalArgumentException {

  public IncompatibleAlgorithmException(String message) {
    super(message);
  }
}
