package com.verenc.kms.node.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the audit trail keeps of one API request, allowed or refused: who asked what of which keys,
 * and how it ended. Never plaintext, ciphertext or key material. Members not known for a request (a
 * request refused before its signature was checked has no caller) are null.
 *
 * @param time when the request arrived, by the node's clock
 * @param operation the TrentService operation, or "unknown" for a target the node does not serve
 * @param encryptionContexts the request's encryption contexts by member name (encryptionContext,
 *     sourceEncryptionContext, destinationEncryptionContext), as CloudTrail records them
 * @param grantId the grant that allowed the request when no policy did; null otherwise
 * @param errorCode the AWS error name the request was answered with; null when it succeeded
 * @param latencyMs from the request's arrival until its answer was ready, before the record was
 *     written
 */
public record AuditRecord(
    Instant time,
    String requestId,
    String operation,
    String account,
    String principalArn,
    String accessKeyId,
    String sourceIp,
    String userAgent,
    List<AuditedKey> keys,
    Map<String, Map<String, String>> encryptionContexts,
    String grantId,
    String errorCode,
    double latencyMs) {

  /** This record, answered with {@code errorCode} instead (null: success). */
  public AuditRecord answeredWith(String errorCode) {
    return new AuditRecord(
        time,
        requestId,
        operation,
        account,
        principalArn,
        accessKeyId,
        sourceIp,
        userAgent,
        keys,
        encryptionContexts,
        grantId,
        errorCode,
        latencyMs);
  }

  /** Whether the request succeeded. */
  public boolean succeeded() {
    return errorCode == null;
  }
}
