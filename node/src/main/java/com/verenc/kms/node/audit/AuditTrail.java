package com.verenc.kms.node.audit;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where a node records every API request it answers. The HTTP layer starts a {@link #draft} when a
 * request arrives, {@link AuditDraft#finish finishes} it when the answer is ready, and answers the
 * request only once {@link #append} has completed: then its record is written as {@code
 * kms.audit.durability} requires.
 */
public sealed interface AuditTrail permits AuditTrail.Off, ChainedTrail {

  /**
   * The record of a request that arrived now, filled in while it is served.
   *
   * @param startNanos {@link System#nanoTime()} at arrival
   * @param sourceIp the client's address; null when unknown
   */
  AuditDraft draft(
      String requestId, String operation, long startNanos, String sourceIp, String userAgent);

  /**
   * Whether {@link #append} writes anything. Without a trail, a record is only made when something
   * else (the request log) wants it.
   */
  boolean recording();

  /**
   * Records a finished request.
   *
   * @return completes when the record is written; fails with {@link AuditUnavailableException} when
   *     it cannot be
   */
  CompletionStage<Void> append(AuditRecord record);

  /** No audit trail ({@code kms.audit.sink = off}): nothing is made or written. */
  record Off() implements AuditTrail {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    @Override
    public AuditDraft draft(
        String requestId, String operation, long startNanos, String sourceIp, String userAgent) {
      return new AuditDraft(Instant.EPOCH, startNanos, requestId, operation, sourceIp, userAgent);
    }

    @Override
    public boolean recording() {
      return false;
    }

    @Override
    public CompletionStage<Void> append(AuditRecord record) {
      return DONE;
    }
  }
}
