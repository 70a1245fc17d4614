package com.verenc.kms.node.auth.condition;

import java.time.Instant;
import java.util.List;

/**
 * The values of a Date condition, compiled to instants (seconds and nanoseconds side by side). A
 * request value that is no date in the accepted forms matches nothing.
 */
final class DateValues implements ValueMatcher {
  private final Comparison comparison;
  private final long[] seconds;
  private final int[] nanos;

  private DateValues(Comparison comparison, long[] seconds, int[] nanos) {
    this.comparison = comparison;
    this.seconds = seconds;
    this.nanos = nanos;
  }

  static DateValues compile(List<PolicyValue> values, Comparison comparison) {
    long[] seconds = new long[values.size()];
    int[] nanos = new int[values.size()];
    for (int i = 0; i < seconds.length; i++) {
      PolicyValue value = values.get(i);
      Instant instant =
          value.kind() == PolicyValue.Kind.BOOLEAN ? null : DateText.instant(value.text());
      if (instant == null) {
        throw value.malformed(
            "must be an ISO 8601 date or date-time, e.g. \"2025-01-31\" or "
                + "\"2025-01-31T12:00:00Z\" (UTC when it has no offset), or epoch seconds");
      }
      seconds[i] = instant.getEpochSecond();
      nanos[i] = instant.getNano();
    }
    return new DateValues(comparison, seconds, nanos);
  }

  @Override
  public boolean matchesAny(String requestValue) {
    long second = DateText.fastEpochSecond(requestValue);
    int nano = 0;
    if (second == DateText.NOT_FAST) {
      Instant instant = DateText.instant(requestValue);
      if (instant == null) {
        return false;
      }
      second = instant.getEpochSecond();
      nano = instant.getNano();
    }
    for (int i = 0; i < seconds.length; i++) {
      int order = Long.compare(second, seconds[i]);
      if (order == 0) {
        order = Integer.compare(nano, nanos[i]);
      }
      if (comparison.holds(order)) {
        return true;
      }
    }
    return false;
  }
}
