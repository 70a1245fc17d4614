package com.verenc.kms.node.reliability;

import java.time.Duration;

/** Size of a reliability scenario: shortened by default (CI), full under -Preliability-full. */
public final class ReliabilitySize {

  private ReliabilitySize() {}

  /** True when the long runs were asked for (system property kms.reliability.full). */
  public static boolean full() {
    return Boolean.getBoolean("kms.reliability.full");
  }

  public static int pick(int shortened, int fullSize) {
    return full() ? fullSize : shortened;
  }

  public static Duration pick(Duration shortened, Duration fullSize) {
    return full() ? fullSize : shortened;
  }

  /** Printed with every figure so a reader knows which size produced it. */
  public static String label() {
    return full() ? "full" : "shortened";
  }
}
