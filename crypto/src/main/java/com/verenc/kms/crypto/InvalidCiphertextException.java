package com.verenc.kms.crypto;

/**
 * A ciphertext blob could not be decoded or authenticated; the message deliberately gives no
 * detail.
 */
public final class InvalidCiphertextException extends CryptoException {

  public InvalidCiphertextException(String message) {
    super(message);
  }
}
