package com.verenc.kms.protocol;

/**
 * A TrentService error: the code decides the {@code __type} and HTTP status, the message is shown
 * to the caller. Thrown on hot paths, so no stack trace is captured.
 */
public final class KmsException extends RuntimeException {

  private final ErrorCode code;

  /**
   * @param message what went wrong and what to fix; {@code null} sends no message at all
   */
  public KmsException(ErrorCode code, String message) {
    super(message, null, false, false);
    if (code == null) {
      throw new IllegalArgumentException("code must not be null");
    }
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public static KmsException notFound(String message) {
    return new KmsException(ErrorCode.NOT_FOUND, message);
  }

  /**
   * A key the caller's account does not have, named by the ARN the caller would use: worded the
   * same wherever it is decided, so the caller cannot tell which check answered.
   */
  public static KmsException keyNotFound(String keyArn) {
    return notFound("Key '" + keyArn + "' does not exist");
  }

  public static KmsException validation(String message) {
    return new KmsException(ErrorCode.VALIDATION, message);
  }

  public static KmsException invalidState(String message) {
    return new KmsException(ErrorCode.INVALID_STATE, message);
  }

  public static KmsException disabled(String message) {
    return new KmsException(ErrorCode.DISABLED, message);
  }

  public static KmsException unsupported(String message) {
    return new KmsException(ErrorCode.UNSUPPORTED_OPERATION, message);
  }

  public static KmsException alreadyExists(String message) {
    return new KmsException(ErrorCode.ALREADY_EXISTS, message);
  }

  /**
   * Ciphertext that cannot be decrypted. Deliberately carries no message: AWS sends none, and any
   * detail (wrong key, wrong context, tampered bytes) would help an attacker.
   */
  public static KmsException invalidCiphertext() {
    return new KmsException(ErrorCode.INVALID_CIPHERTEXT, null);
  }

  public static KmsException internal(String message) {
    return new KmsException(ErrorCode.INTERNAL, message);
  }

  @Override
  public String toString() {
    String message = getMessage();
    return code.awsName() + (message == null ? "" : ": " + message);
  }
}
