package com.verenc.kms.loadtest.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The measured part of one Gatling run on the report's time axis (epoch ms of Gatling's one-second
 * buckets): from the first to the last second in which a measured request (a name without an
 * unreported phase's suffix) got a response. Before it come the unreported phases, which the bench
 * table leaves out and the HTML report and chart must not pass off as measured.
 *
 * @param runStart the first second of the run
 * @param phases the unreported phases the run had ("warm-up", "ramp"), in order; empty when the
 *     whole run is measured
 */
public record MeasuredWindow(
    long runStart, long start, long end, List<String> phases, List<String> measured) {

  public static MeasuredWindow of(GatlingReport report) throws IOException {
    List<String> phases = new ArrayList<>();
    for (String suffix : BenchSummary.UNREPORTED_SUFFIXES) {
      if (report.requests().keySet().stream().anyMatch(n -> n.endsWith(suffix))) {
        phases.add(suffix.strip().replaceAll("[()]", ""));
      }
    }
    List<String> measured =
        report.requests().keySet().stream()
            .filter(n -> !n.equals(GatlingReport.ALL))
            .filter(n -> BenchSummary.UNREPORTED_SUFFIXES.stream().noneMatch(n::endsWith))
            .toList();
    List<long[]> all = report.responsesPerSecond();
    long runStart = all.isEmpty() ? 0 : all.get(0)[0];
    long runEnd = all.isEmpty() ? 0 : all.get(all.size() - 1)[0];
    if (phases.isEmpty()) {
      return new MeasuredWindow(runStart, runStart, runEnd, phases, measured);
    }
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    for (String name : measured) {
      for (long[] point : report.timelineOf(name).responses()) {
        if (point[1] > 0) {
          start = Math.min(start, point[0]);
          end = Math.max(end, point[0]);
        }
      }
    }
    if (start > end) { // nothing measured answered: the whole run, marked as such by the phases
      return new MeasuredWindow(runStart, runEnd, runEnd, phases, measured);
    }
    return new MeasuredWindow(runStart, start, end, phases, measured);
  }

  /** Whether the run had an unreported phase before the measured part. */
  public boolean hasUnreportedPhase() {
    return !phases.isEmpty();
  }

  /** The points of a series that fall in the measured part. */
  public List<long[]> crop(List<long[]> series) {
    return series.stream().filter(p -> p[0] >= start && p[0] <= end).toList();
  }

  /** Seconds of the run before the measured part. */
  public long secondsBefore() {
    return (start - runStart) / 1000;
  }

  /** Seconds of the measured part (whole buckets, the last one included). */
  public long seconds() {
    return (end - start) / 1000 + 1;
  }

  /** "warm-up", "warm-up and ramp": what came before the measured part. */
  public String phaseNames() {
    return String.join(" and ", phases);
  }
}
