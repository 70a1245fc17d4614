package com.verenc.kms.node.reliability.process;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition other processes make true, with a bound that names what was awaited. */
final class Await {
  private Await() {}

  static void until(String what, Duration limit, BooleanSupplier condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
      }
      NodeProcess.sleep(100);
    }
  }
}
