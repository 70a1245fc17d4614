package com.verenc.kms.crypto;

/** An authentic import token used after its ValidTo time. */
public final class ExpiredImportTokenException extends CryptoException {

  public ExpiredImportTokenException(String message) {
    super(message);
  }
}
