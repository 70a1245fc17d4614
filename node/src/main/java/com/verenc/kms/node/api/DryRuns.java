package com.verenc.kms.node.api;

import com.verenc.kms.node.auth.Caller;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import com.verenc.kms.protocol.model.KeyMetadata;
import com.verenc.kms.protocol.model.KeyState;
import com.verenc.kms.protocol.model.KmsResponse;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * DryRun of a cryptographic operation: checks the key is there, the policy allows the action and
 * the key is usable, then answers as AWS does, with DryRunOperationException.
 */
final class DryRuns {
  private final Authorizations authorizations;

  DryRuns(Authorizations authorizations) {
    this.authorizations = authorizations;
  }

  CompletionStage<KmsResponse> dryRun(Caller caller, String keyReference, String action) {
    return dryRun(caller, keyReference, action, Map.of());
  }

  /** A DryRun of an operation with this encryption context, judged as the real call would be. */
  CompletionStage<KmsResponse> dryRun(
      Caller caller, String keyReference, String action, Map<String, String> encryptionContext) {
    return authorizations
        .check(caller, keyReference, action, encryptionContext)
        .thenApply(
            m -> {
              throwIfUnusable(m);
              throw new KmsException(
                  ErrorCode.DRY_RUN_OPERATION,
                  "The request would have succeeded, but the DryRun parameter was set.");
            });
  }

  /** The key's metadata, checked usable for the action, without the operation running. */
  CompletionStage<KeyMetadata> checkUsable(
      Caller caller, String keyReference, String action, Map<String, String> encryptionContext) {
    return authorizations
        .check(caller, keyReference, action, encryptionContext)
        .thenApply(
            m -> {
              throwIfUnusable(m);
              return m;
            });
  }

  private static void throwIfUnusable(KeyMetadata m) {
    if (m.keyState() == KeyState.PENDING_DELETION) {
      throw KmsException.invalidState(m.arn() + " is pending deletion.");
    }
    if (m.keyState() != KeyState.ENABLED) {
      throw KmsException.disabled(m.arn() + " is disabled.");
    }
  }
}
