package com.verenc.kms.node.key;

import com.verenc.kms.protocol.ErrorCode;

/** Why a key refused a command: the KMS error and the message the caller gets. */
record Rejection(ErrorCode code, String message) {

  <A extends KeyAnswer> KeyReply<A> reply() {
    return new KeyReply.Rejected<>(code, message);
  }
}
