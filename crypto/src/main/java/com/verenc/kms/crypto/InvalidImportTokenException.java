package com.verenc.kms.crypto;

/**
 * An import token that does not open: malformed, tampered, or issued for another KMS key; the
 * message deliberately gives no detail.
 */
public final class InvalidImportTokenException extends CryptoException {

  public InvalidImportTokenException(String message) {
    super(message);
  }
}
