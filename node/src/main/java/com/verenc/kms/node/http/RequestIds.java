package com.verenc.kms.node.http;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids in the UUID form AWS uses. They only need to be unique, not unpredictable, so they
 * come from the thread's own generator instead of {@link UUID#randomUUID()}, whose shared
 * SecureRandom costs a lock and a hash per request.
 */
final class RequestIds {
  private RequestIds() {}

  static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
    return new UUID(high, low).toString();
  }
}
