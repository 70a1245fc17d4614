package com.verenc.kms.protocol;

import java.util.Locale;

/**
 * How values are spelled on the wire: as the AWS SDKs expect, or as the seed product page shows.
 */
public enum Dialect {
  /** {@code KeyState: "Enabled"}, dates as epoch seconds, {@code NotFoundException}. */
  AWS,
  /** {@code KeyState: "ENABLED"}, ISO-8601 dates, {@code KMSNotFoundException}. */
  SEED;

  /** Parses a configured dialect name ({@code aws} or {@code seed}, any case). */
  public static Dialect parse(String s) {
    if (s != null) {
      switch (s.trim().toLowerCase(Locale.ROOT)) {
        case "aws":
          return AWS;
        case "seed":
          return SEED;
        default:
          break;
      }
    }
    throw new IllegalArgumentException(
        "Unknown wire dialect " + (s == null ? "null" : "'" + s + "'") + ": use 'aws' or 'seed'");
  }
}
