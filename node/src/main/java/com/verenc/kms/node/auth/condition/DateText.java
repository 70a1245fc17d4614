package com.verenc.kms.node.auth.condition;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;

/**
 * Reads the dates of Date conditions: epoch seconds, or an ISO 8601 date or date-time with or
 * without an offset (UTC when it has none). The form the request's own times come in, {@code
 * 2025-01-31T12:00:00Z}, and epoch seconds are read by hand, without objects.
 */
final class DateText {
  /** What {@link #fastEpochSecond} answers for a text it leaves to {@link #instant}. */
  static final long NOT_FAST = Long.MIN_VALUE;

  private static final int MAX_EPOCH_DIGITS = 18;
  private static final int CANONICAL_LENGTH = "2025-01-31T12:00:00Z".length();
  private static final long SECONDS_PER_DAY = 86_400;

  // STRICT: a lenient or smart resolver would turn 2025-02-30 into a real date.
  private static final DateTimeFormatter ISO =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral('T')
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .optionalEnd()
          .optionalStart()
          .appendOffsetId()
          .optionalEnd()
          .toFormatter(Locale.ROOT)
          .withResolverStyle(ResolverStyle.STRICT);

  private DateText() {}

  /** The instant the text names, or null when it is no date in the accepted forms. */
  static Instant instant(String text) {
    long fast = fastEpochSecond(text);
    if (fast != NOT_FAST) {
      return Instant.ofEpochSecond(fast);
    }
    if (isEpochSeconds(text)) {
      // Digits beyond what Instant holds.
      return null;
    }
    try {
      TemporalAccessor parsed = ISO.parse(text);
      LocalDate date = parsed.query(TemporalQueries.localDate());
      LocalTime time = parsed.query(TemporalQueries.localTime());
      ZoneOffset offset = parsed.query(TemporalQueries.offset());
      return LocalDateTime.of(date, time == null ? LocalTime.MIDNIGHT : time)
          .toInstant(offset == null ? ZoneOffset.UTC : offset);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /**
   * The epoch second of epoch seconds (an optional minus and up to 18 digits, within Instant's
   * range) or of a canonical UTC date-time {@code yyyy-MM-ddTHH:mm:ssZ}; {@link #NOT_FAST} for
   * every other text, valid or not.
   */
  static long fastEpochSecond(String text) {
    if (isEpochSeconds(text)) {
      long seconds = Long.parseLong(text);
      return seconds < Instant.MIN.getEpochSecond() || seconds > Instant.MAX.getEpochSecond()
          ? NOT_FAST
          : seconds;
    }
    if (text.length() != CANONICAL_LENGTH
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || text.charAt(19) != 'Z') {
      return NOT_FAST;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > daysInMonth(year, month)
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return NOT_FAST;
    }
    return epochDay(year, month, day) * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second;
  }

  private static boolean isEpochSeconds(String text) {
    int start = !text.isEmpty() && text.charAt(0) == '-' ? 1 : 0;
    int digits = text.length() - start;
    if (digits < 1 || digits > MAX_EPOCH_DIGITS) {
      return false;
    }
    for (int i = start; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** The number the ASCII digits spell, or -1 when one is not a digit. */
  private static int digits(String text, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private static int daysInMonth(int year, int month) {
    return switch (month) {
      case 2 -> isLeap(year) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  private static boolean isLeap(int year) {
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
  private static long epochDay(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }
}
