package com.verenc.kms.node.audit;

import com.verenc.kms.node.auth.Caller;
import com.verenc.kms.node.auth.GrantUse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The audit record of one request while it is served: the HTTP layer notes the caller, the parsed
 * request and the answer as each becomes known, and {@link #finish} makes the record from whatever
 * was known, for the audit trail and the request log alike. Used by the request's own chain of
 * stages only, one after the other.
 */
public final class AuditDraft implements GrantUse {
  private final Instant time;
  private final long startNanos;
  private final String requestId;
  private final String operation;
  private final String sourceIp;
  private final String userAgent;
  private Caller caller;
  private Object request;
  private Object response;
  private String grantId;

  AuditDraft(
      Instant time,
      long startNanos,
      String requestId,
      String operation,
      String sourceIp,
      String userAgent) {
    this.time = time;
    this.startNanos = startNanos;
    this.requestId = requestId;
    this.operation = operation;
    this.sourceIp = sourceIp;
    this.userAgent = userAgent;
  }

  /** The caller whose signature was verified. */
  public void caller(Caller caller) {
    this.caller = caller;
  }

  /** The parsed request (a record of the wire model). */
  public void request(Object request) {
    this.request = request;
  }

  /**
   * A grant allowed the request on a key. The first is kept: a ReEncrypt's source key is asked
   * before its destination key.
   */
  @Override
  public void allowedBy(String grantId) {
    if (this.grantId == null) {
      this.grantId = grantId;
    }
  }

  /** The successful answer (a record of the wire model). */
  public void response(Object response) {
    this.response = response;
  }

  /**
   * The record of the request, answered with {@code errorCode} (null: success) at {@code endNanos}.
   */
  public AuditRecord finish(String errorCode, long endNanos) {
    List<AuditedKey> keys = request == null ? List.of() : WireMembers.keys(request, response);
    Map<String, Map<String, String>> contexts =
        request == null ? Map.of() : WireMembers.encryptionContexts(request);
    return new AuditRecord(
        time,
        requestId,
        operation,
        caller == null ? null : caller.accountId(),
        caller == null ? null : caller.principal().arn(),
        caller == null ? null : caller.accessKeyId(),
        sourceIp,
        userAgent,
        keys,
        contexts,
        grantId,
        errorCode,
        Math.round((endNanos - startNanos) / 1_000.0) / 1_000.0);
  }
}
