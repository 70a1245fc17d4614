package com.verenc.kms.crypto;

/**
 * Failure of a cryptographic operation; messages never carry key material.
 *
 * <p>Sealed rather than final so that {@link InvalidCiphertextException} is its only subclass.
 */
public sealed class CryptoException extends RuntimeException permits InvalidCiphertextException {

  public CryptoException(String message) {
    super(message);
  }

  public CryptoException(String message, Throwable cause) {
    super(message, cause);
  }
}
