package com.verenc.kms.node.api;

import com.verenc.kms.node.auth.Caller;
import com.verenc.kms.node.key.KeyAnswer;
import com.verenc.kms.node.key.KeyCommand;
import com.verenc.kms.protocol.model.KeyMetadata;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Asks a key whether its policy lets the caller do an action, for operations the key does not serve
 * itself.
 */
final class Authorizations {
  private final KeyRequests requests;

  Authorizations(KeyRequests requests) {
    this.requests = requests;
  }

  /** The key's metadata when allowed; AccessDeniedException (or NotFound) otherwise. */
  CompletionStage<KeyMetadata> check(Caller caller, String keyReference, String action) {
    return check(caller, keyReference, action, Map.of());
  }

  /**
   * Like {@link #check(Caller, String, String)}, for an action taking an encryption context: a
   * grant's constraint and the policies' kms:EncryptionContext conditions judge this one.
   */
  CompletionStage<KeyMetadata> check(
      Caller caller, String keyReference, String action, Map<String, String> encryptionContext) {
    return requests
        .<KeyAnswer.Metadata>ask(
            caller,
            keyReference,
            replyTo ->
                new KeyCommand.Authorize(caller.accountId(), action, encryptionContext, replyTo))
        .thenApply(KeyAnswer.Metadata::metadata);
  }
}
