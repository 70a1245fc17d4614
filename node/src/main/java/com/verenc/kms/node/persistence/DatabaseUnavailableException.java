package com.verenc.kms.node.persistence;

/** The zone database cannot be reached or used; the message says which and why. */
public final class DatabaseUnavailableException extends RuntimeException {
  public DatabaseUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
