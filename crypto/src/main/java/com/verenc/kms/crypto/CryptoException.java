package com.verenc.kms.crypto;

/**
 * Failure of a cryptographic operation; messages never carry key material.
 *
 * <p>Sealed rather than final so that the failures a caller answers differently, a ciphertext or
 * import token that does not open and an expired import token, are its only subclasses.
 */
public sealed class CryptoException extends RuntimeException
    permits InvalidCiphertextException, InvalidImportTokenException, ExpiredImportTokenException {

  public CryptoException(String message) {
    super(message);
  }

  public CryptoException(String message, Throwable cause) {
    super(message, cause);
  }
}
