package com.verenc.kms.node.api;

import java.util.UUID;

/** New key ids: a UUID, or for multi-zone keys "mrk-" and 32 hex digits, as AWS KMS has them. */
final class KeyIds {
  private KeyIds() {}

  static String next(boolean multiRegion) {
    String uuid = UUID.randomUUID().toString();
    return multiRegion ? "mrk-" + uuid.replace("-", "") : uuid;
  }
}
