package com.verenc.kms.node.key;

import com.verenc.kms.node.CborSerializable;
import com.verenc.kms.protocol.ErrorCode;

/**
 * The answer to a {@link KeyCommand} of answer type {@code A}: the answer, or the KMS error the
 * caller gets (its message names the key as the caller would, and never holds key material).
 */
public sealed interface KeyReply<A extends KeyAnswer> extends CborSerializable {

  /**
   * @param grantId the grant that allowed the caller's command, for its audit record; null when a
   *     policy did, or the command is not a caller's
   */
  record Ok<A extends KeyAnswer>(A answer, String grantId) implements KeyReply<A> {}

  /** {@code message} is null where AWS sends none (InvalidCiphertextException). */
  record Rejected<A extends KeyAnswer>(ErrorCode code, String message) implements KeyReply<A> {}

  /**
   * Not an answer yet: a policy of the key reads kms:ResourceAliases, which the request did not
   * carry; the asker looks the key's aliases up and asks again with them ({@link
   * Requester#withResourceAliases}).
   */
  record NeedsResourceAliases<A extends KeyAnswer>() implements KeyReply<A> {}

  static <A extends KeyAnswer> KeyReply<A> ok(A answer) {
    return new Ok<>(answer, null);
  }

  static <A extends KeyAnswer> KeyReply<A> ok(A answer, String grantId) {
    return new Ok<>(answer, grantId);
  }
}
