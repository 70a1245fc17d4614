package com.verenc.kms.node.reliability.process;

import com.verenc.kms.node.reliability.ReliabilitySize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Measured durations of a scenario and the RELIABILITY lines that report them. */
public final class Figures {
  private final List<Duration> values = new ArrayList<>();

  public synchronized void add(Duration value) {
    values.add(value);
  }

  public synchronized long medianMillis() {
    if (values.isEmpty()) {
      return 0;
    }
    List<Duration> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get((sorted.size() - 1) / 2).toMillis();
  }

  public synchronized long maxMillis() {
    return values.stream().max(Duration::compareTo).orElse(Duration.ZERO).toMillis();
  }

  /** Prints one figure line, tagged with the scenario size, for collection from the test output. */
  public static void report(String scenario, String format, Object... args) {
    String line =
        "RELIABILITY "
            + scenario
            + " ["
            + ReliabilitySize.label()
            + "] "
            + String.format(format, args);
    System.out.println(line);
    System.out.flush();
  }
}
