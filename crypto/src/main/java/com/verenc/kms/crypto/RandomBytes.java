package com.verenc.kms.crypto;

import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Cryptographically strong random bytes from one shared, non-blocking generator. */
public final class RandomBytes {

  // SecureRandom is thread-safe; one seeded instance avoids paying for seeding per call.
  // getInstanceStrong() is avoided because it may block on /dev/random.
  private static final SecureRandom RANDOM = create();

  private RandomBytes() {}

  /** Returns {@code n} fresh random bytes. */
  public static byte[] next(int n) {
    if (n < 0) {
      throw new CryptoException("random byte count must not be negative");
    }
    byte[] out = new byte[n];
    RANDOM.nextBytes(out);
    return out;
  }

  private static SecureRandom create() {
    try {
      // 256-bit strength matches the AES-256 keys drawn from it.
      return SecureRandom.getInstance(
          "DRBG", DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }
}
