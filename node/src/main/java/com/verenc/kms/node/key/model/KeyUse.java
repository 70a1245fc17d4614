package com.verenc.kms.node.key.model;

import com.verenc.kms.node.CborSerializable;
import java.time.Instant;

/**
 * A successful cryptographic use of a key: the operation, as GetKeyLastUsage names it, and when.
 */
public record KeyUse(String operation, Instant at) implements CborSerializable {

  /** The later of two uses, either may be null. */
  public static KeyUse latest(KeyUse a, KeyUse b) {
    if (a == null) {
      return b;
    }
    return b == null || !b.at().isAfter(a.at()) ? a : b;
  }

  /**
   * The operation GetKeyLastUsage reports for a request needing {@code action}; null for what it
   * does not track (GetPublicKey).
   */
  public static String operationOf(String action) {
    String name = action.substring(action.indexOf(':') + 1);
    if (name.startsWith("ReEncrypt")) {
      return "ReEncrypt";
    }
    return name.equals("GetPublicKey") ? null : name;
  }
}
