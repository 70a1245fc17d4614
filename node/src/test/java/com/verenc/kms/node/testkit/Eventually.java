package com.verenc.kms.node.testkit;

import java.time.Instant;
import java.util.function.Supplier;

/** Polls a condition that other zones or sweepers make true asynchronously, with a deadline. */
public final class Eventually {
  private Eventually() {}

  /**
   * Retries {@code attempt} every 50 ms for up to 30 s until it returns something other than null
   * or false (exceptions count as "not yet"), and returns that.
   */
  public static <T> T eventually(String what, Supplier<T> attempt) {
    Instant deadline = Instant.now().plusSeconds(30);
    RuntimeException last = null;
    while (Instant.now().isBefore(deadline)) {
      try {
        T result = attempt.get();
        if (result != null && !Boolean.FALSE.equals(result)) {
          return result;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("not within 30 s: " + what, last);
  }
}
