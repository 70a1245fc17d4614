package com.verenc.kms.ops.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The times {@code kms audit search} takes: an instant, a UTC date, or a span back from now. */
public final class AuditTimes {
  private static final Pattern AGO = Pattern.compile("(\\d{1,9})([smhd])");

  private AuditTimes() {}

  /**
   * {@code 2026-12-03T10:15:00Z}, {@code 2026-12-03} (its start, UTC), or {@code 90s}, {@code 15m},
   * {@code 2h}, {@code 7d} before {@code now}.
   *
   * @throws IllegalArgumentException naming the forms accepted
   */
  public static Instant parse(String text, Instant now) {
    String value = text.trim();
    Matcher ago = AGO.matcher(value);
    if (ago.matches()) {
      long amount = Long.parseLong(ago.group(1));
      Duration span =
          switch (ago.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          };
      return now.minus(span);
    }
    try {
      return value.length() == 10
          ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a time: give an instant (2026-12-03T10:15:00Z), a UTC date "
              + "(2026-12-03) or a span back from now (90s, 15m, 2h, 7d)");
    }
  }
}
