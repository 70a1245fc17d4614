package com.verenc.kms.crypto;

/**
 * A caller's input that an operation cannot accept, such as a digest of the wrong length or a peer
 * public key on another curve; AWS KMS answers these with a ValidationException.
 *
 * <p>An {@link IllegalArgumentException} rather than a {@link CryptoException}, so that a caller
 * who maps CryptoException to an internal error does not blame itself for a bad request.
 */
public final class InvalidInputException extends IllegalArgumentException {

  public InvalidInputException(String message) {
    super(message);
  }
}
