package com.verenc.kms.node.reliability.input;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** Counts hostile inputs by category and answers by outcome, for the RELIABILITY line. */
final class ProbeTally {
  private final Map<String, AtomicInteger> tried = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
  private final AtomicInteger correctChecks = new AtomicInteger();
  private volatile long slowestAnswerMillis;

  void tried(String category, String outcome, long millis) {
    tried.computeIfAbsent(category, c -> new AtomicInteger()).incrementAndGet();
    outcomes.computeIfAbsent(outcome, c -> new AtomicInteger()).incrementAndGet();
    slowestAnswerMillis = Math.max(slowestAnswerMillis, millis);
  }

  void correctCheck() {
    correctChecks.incrementAndGet();
  }

  int total() {
    return tried.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  String line(String size) {
    return "RELIABILITY hostile size="
        + size
        + " inputs="
        + total()
        + " "
        + render(tried)
        + " outcomes{"
        + render(outcomes)
        + "} correct-roundtrips="
        + correctChecks.get()
        + " slowest-answer-ms="
        + slowestAnswerMillis;
  }

  private static String render(Map<String, AtomicInteger> counts) {
    return new TreeMap<>(counts)
        .entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue().get())
            .collect(Collectors.joining(" "));
  }
}
