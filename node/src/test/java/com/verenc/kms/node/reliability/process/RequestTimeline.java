package com.verenc.kms.node.reliability.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/**
 * Every request a load made, with when it ended and whether it succeeded, so interruptions can be
 * measured afterwards: per key, the longest time between two successful requests.
 */
public final class RequestTimeline {
  /** One finished request; {@code error} is null on success. */
  public record Outcome(
      String keyId, String target, String operation, long endNanos, String error) {
    public boolean ok() {
      return error == null;
    }
  }

  private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

  public void record(String keyId, String target, String operation, String error) {
    outcomes.add(new Outcome(keyId, target, operation, System.nanoTime(), error));
  }

  public long count(Predicate<Outcome> filter) {
    return outcomes.stream().filter(filter).count();
  }

  /** Failed requests among those matching {@code filter}, by error, for the report. */
  public Map<String, Long> errors(Predicate<Outcome> filter) {
    Map<String, Long> errors = new TreeMap<>();
    outcomes.stream()
        .filter(filter)
        .filter(o -> !o.ok())
        .forEach(o -> errors.merge(o.error(), 1L, Long::sum));
    return errors;
  }

  /**
   * The longest time between two consecutive successful requests for {@code keyId} among those
   * matching {@code filter} and ending after {@code fromNanos}; up to {@code untilNanos} if the
   * key's last success is earlier (an interruption that never ended counts in full).
   */
  public Duration longestGap(
      String keyId, Predicate<Outcome> filter, long fromNanos, long untilNanos) {
    List<Long> successes = new ArrayList<>();
    outcomes.stream()
        .filter(
            o -> o.keyId().equals(keyId) && o.ok() && filter.test(o) && o.endNanos() >= fromNanos)
        .map(Outcome::endNanos)
        .sorted(Comparator.naturalOrder())
        .forEach(successes::add);
    long previous = fromNanos;
    long longest = 0;
    for (long end : successes) {
      longest = Math.max(longest, end - previous);
      previous = end;
    }
    longest = Math.max(longest, untilNanos - previous);
    return Duration.ofNanos(longest);
  }
}
