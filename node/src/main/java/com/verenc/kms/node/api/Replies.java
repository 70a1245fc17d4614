package com.verenc.kms.node.api;

import com.verenc.kms.node.directory.DirectoryReply;
import com.verenc.kms.node.key.KeyReply;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;

/** Turns an entity's rejection into the KMS error the client sees, and checks reply types. */
final class Replies {
  private Replies() {}

  static <R extends KeyReply> R expect(KeyReply reply, Class<R> type) {
    if (reply instanceof KeyReply.Rejected rejected) {
      throw new KmsException(rejected.code(), rejected.message());
    }
    return cast(reply, type);
  }

  static <R extends DirectoryReply> R expect(DirectoryReply reply, Class<R> type) {
    if (reply instanceof DirectoryReply.Rejected rejected) {
      throw new KmsException(rejected.code(), rejected.message());
    }
    return cast(reply, type);
  }

  private static <R> R cast(Object reply, Class<R> type) {
    if (!type.isInstance(reply)) {
      throw new KmsException(ErrorCode.INTERNAL, "unexpected internal reply " + reply.getClass().getSimpleName());
    }
    return type.cast(reply);
  }
}
