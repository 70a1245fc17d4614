package com.verenc.kms.node.audit;

/** A request's audit record could not be written, so the request must not be answered as done. */
public final class AuditUnavailableException extends RuntimeException {
  AuditUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
