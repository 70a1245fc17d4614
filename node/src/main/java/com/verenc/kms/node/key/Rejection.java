package com.verenc.kms.node.key;

import com.verenc.kms.protocol.ErrorCode;

/** Why a key refused a command: the KMS error and the message the caller gets. */
record Rejection(ErrorCode code, String message) {
  /**
   * Not a refusal the caller sees: the request must be asked again with the key's aliases (see
   * {@link KeyReply.NeedsResourceAliases}).
   */
  static final Rejection NEEDS_RESOURCE_ALIASES = new Rejection(null, null);

  <A extends KeyAnswer> KeyReply<A> reply() {
    return code == null
        ? new KeyReply.NeedsResourceAliases<>()
        : new KeyReply.Rejected<>(code, message);
  }
}
