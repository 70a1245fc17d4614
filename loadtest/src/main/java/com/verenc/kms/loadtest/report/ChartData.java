package com.verenc.kms.loadtest.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@link TimelineChart} draws of a run: only the measured part, as the bench table reports it.
 * Throughput is the figure the table leads with: pairs per second (the completions of the request
 * that ends a pair) for pair runs, else successful responses per second of the measured requests.
 * Latency percentiles are the measured request's own when there is one, else those of all requests
 * in the measured seconds.
 *
 * @param note what the chart leaves out, for its subtitle
 */
record ChartData(
    String throughputLabel,
    List<long[]> throughput,
    String latencyLabel,
    Map<String, List<long[]>> latency,
    String note) {

  /**
   * @param pairs the request that ends a pair (SignVerify: Verify), or empty to find wrap/unwrap
   *     pairs by their names, or none
   */
  static ChartData of(GatlingReport report, Optional<String> pairs) throws IOException {
    MeasuredWindow window = MeasuredWindow.of(report);
    Optional<String> pairEnd = pairs.or(() -> BenchSummary.unwrapOfPairs(window.measured()));
    String throughputLabel;
    List<long[]> throughput;
    if (pairEnd.isPresent()) {
      throughputLabel = "pairs/s (" + pairEnd.get() + " ok/s)";
      throughput = window.crop(report.timelineOf(pairEnd.get()).ok());
    } else {
      throughputLabel = "ok/s (measured requests)";
      List<List<long[]>> each = new ArrayList<>();
      for (String name : window.measured()) {
        each.add(window.crop(report.timelineOf(name).ok()));
      }
      throughput = sum(each);
    }
    GatlingReport.Timeline latencySource;
    String latencyLabel;
    if (window.measured().size() == 1) {
      latencySource = report.timelineOf(window.measured().get(0));
      latencyLabel = "latency of " + window.measured().get(0) + " (ms, per second)";
    } else {
      latencySource = report.timeline();
      latencyLabel = "latency of all requests (ms, per second)";
    }
    Map<String, List<long[]>> latency = new LinkedHashMap<>();
    for (String p : List.of("50%", "95%", "99%")) {
      List<long[]> series = latencySource.percentiles().get(p);
      if (series != null) {
        latency.put("p" + p.replace("%", ""), window.crop(series));
      }
    }
    String note =
        window.hasUnreportedPhase()
            ? "measured part only: "
                + window.seconds()
                + " s after "
                + window.secondsBefore()
                + " s of "
                + window.phaseNames()
                + " (not shown)"
            : "whole run: " + window.seconds() + " s, no warm-up";
    return new ChartData(throughputLabel, throughput, latencyLabel, latency, note);
  }

  /** Point-wise sum of series on the same one-second axis. */
  private static List<long[]> sum(List<List<long[]>> series) {
    TreeMap<Long, Long> total = new TreeMap<>();
    series.forEach(s -> s.forEach(p -> total.merge(p[0], p[1], Long::sum)));
    return total.entrySet().stream().map(e -> new long[] {e.getKey(), e.getValue()}).toList();
  }
}
