package com.verenc.kms.node.auth.condition;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The values of a Numeric condition, compiled to decimals. A request value that is a plain integer
 * (what the node's numeric keys hold) is compared without building a BigDecimal; any other decimal
 * is read once per request value; anything else is not a number and matches nothing.
 */
final class NumericValues implements ValueMatcher {
  /** Integers of at most this many digits fit in a long with room for the "none" marker. */
  private static final int MAX_FAST_DIGITS = 18;

  private static final long NOT_AN_INTEGER = Long.MIN_VALUE;
  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  /**
   * A policy value with what comparing a long to it needs: whether it lies beyond the long range
   * (-1 below, 1 above, 0 within), its floor, and whether it is an integer.
   */
  private record Bound(BigDecimal value, int beyondLong, long floor, boolean integral) {
    static Bound of(BigDecimal value) {
      if (value.compareTo(LONG_MIN) < 0) {
        return new Bound(value, -1, 0, false);
      }
      if (value.compareTo(LONG_MAX) > 0) {
        return new Bound(value, 1, 0, false);
      }
      // Below 1 in size the scale may be huge (5e-999999999): never rescale such a value.
      if (value.abs().compareTo(BigDecimal.ONE) < 0) {
        return new Bound(value, 0, value.signum() < 0 ? -1 : 0, value.signum() == 0);
      }
      // From 1 up the scale is below the digit count, so rescaling is cheap.
      BigDecimal floor = value.setScale(0, RoundingMode.FLOOR);
      return new Bound(value, 0, floor.longValueExact(), floor.compareTo(value) == 0);
    }

    /** The sign of {@code x} compared to this value. */
    int order(long x) {
      if (beyondLong != 0) {
        return -beyondLong;
      }
      if (x > floor) {
        return 1;
      }
      if (x < floor) {
        return -1;
      }
      return integral ? 0 : -1;
    }
  }

  private final Comparison comparison;
  private final Bound[] bounds;

  private NumericValues(Comparison comparison, Bound[] bounds) {
    this.comparison = comparison;
    this.bounds = bounds;
  }

  static NumericValues compile(List<PolicyValue> values, Comparison comparison) {
    Bound[] bounds = new Bound[values.size()];
    for (int i = 0; i < bounds.length; i++) {
      PolicyValue value = values.get(i);
      BigDecimal number = value.kind() == PolicyValue.Kind.BOOLEAN ? null : decimal(value.text());
      if (number == null) {
        throw value.malformed("must be a number or a string holding one, e.g. 90 or \"90\"");
      }
      bounds[i] = Bound.of(number);
    }
    return new NumericValues(comparison, bounds);
  }

  @Override
  public boolean matchesAny(String requestValue) {
    long integer = integer(requestValue);
    if (integer != NOT_AN_INTEGER) {
      for (Bound bound : bounds) {
        if (comparison.holds(bound.order(integer))) {
          return true;
        }
      }
      return false;
    }
    BigDecimal number = decimal(requestValue);
    if (number == null) {
      return false;
    }
    for (Bound bound : bounds) {
      if (comparison.holds(number.compareTo(bound.value()))) {
        return true;
      }
    }
    return false;
  }

  /** An optional minus and 1 to 18 digits as a long, or {@link #NOT_AN_INTEGER}. */
  private static long integer(String text) {
    int start = !text.isEmpty() && text.charAt(0) == '-' ? 1 : 0;
    int digits = text.length() - start;
    if (digits < 1 || digits > MAX_FAST_DIGITS) {
      return NOT_AN_INTEGER;
    }
    long n = 0;
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return NOT_AN_INTEGER;
      }
      n = n * 10 + (c - '0');
    }
    return start == 1 ? -n : n;
  }

  /**
   * The decimal the text spells ({@code [+-]digits[.digits][e[+-]digits]}), or null. Checked before
   * BigDecimal reads it, so a request value that is not a number costs no exception.
   */
  static BigDecimal decimal(String text) {
    if (!isDecimal(text)) {
      return null;
    }
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      // The grammar holds but the exponent does not fit an int.
      return null;
    }
  }

  private static boolean isDecimal(String text) {
    int i = 0;
    int n = text.length();
    if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      i++;
    }
    int integerDigits = digitsFrom(text, i);
    i += integerDigits;
    int fractionDigits = 0;
    if (i < n && text.charAt(i) == '.') {
      fractionDigits = digitsFrom(text, ++i);
      i += fractionDigits;
    }
    if (integerDigits + fractionDigits == 0) {
      return false;
    }
    if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      i++;
      if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
        i++;
      }
      int exponentDigits = digitsFrom(text, i);
      if (exponentDigits == 0) {
        return false;
      }
      i += exponentDigits;
    }
    return i == n;
  }

  private static int digitsFrom(String text, int from) {
    int i = from;
    while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
      i++;
    }
    return i - from;
  }
}
