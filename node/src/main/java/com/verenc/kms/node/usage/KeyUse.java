package com.verenc.kms.node.usage;

import java.time.Instant;

/**
 * One successful cryptographic use of a key: the operation as GetKeyLastUsage names it (Encrypt,
 * Sign, ...), when, and the request that made it.
 */
public record KeyUse(String operation, Instant at, String requestId) {

  /** Whether this use came after {@code other} (or there is no other). */
  boolean isLaterThan(KeyUse other) {
    return other == null || at.isAfter(other.at());
  }
}
