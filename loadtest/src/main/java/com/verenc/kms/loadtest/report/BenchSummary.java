package com.verenc.kms.loadtest.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The one table {@code loadtest/bin/bench} prints: per target (node, nginx ceiling, cold pass)
 * and operation, the median over runs of throughput (successful responses per second, and all
 * completed requests per second) and latency percentiles (Gatling's, over OK and failed), the failed
 * requests summed over runs, and the node's CPU time per request.
 *
 * <p>Arguments: {@code LABEL=REPORT_DIR[@CPU_SECONDS]} once per run, in order; runs with the
 * same label are one target. A label {@code nginx ceiling} gives the ratio line
 * {@code node / ceiling} against the first other target.
 */
public final class BenchSummary {
  private BenchSummary() {}

  record Run(GatlingReport report, double cpuSeconds) {}

  public static void main(String[] args) throws Exception {
    Map<String, List<Run>> targets = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("expected LABEL=REPORT_DIR[@CPU_SECONDS], got " + arg);
      }
      String label = arg.substring(0, eq);
      String rest = arg.substring(eq + 1);
      int at = rest.lastIndexOf('@');
      double cpu = at < 0 || rest.substring(at + 1).isEmpty() ? Double.NaN : Double.parseDouble(rest.substring(at + 1));
      Path dir = Path.of(at < 0 ? rest : rest.substring(0, at));
      targets.computeIfAbsent(label, l -> new ArrayList<>()).add(new Run(GatlingReport.read(dir), cpu));
    }
    System.out.print(render(targets));
  }

  static String render(Map<String, List<Run>> targets) {
    StringBuilder out = new StringBuilder();
    out.append("| target | operation | runs | ok/s | req/s | p50 ms | p95 ms | p99 ms | p99.9 ms | failed | node CPU ms/req |\n");
    out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    Map<String, Double> totalRates = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    for (var target : targets.entrySet()) {
      List<Run> runs = target.getValue();
      Set<String> names = new LinkedHashSet<>();
      runs.forEach(r -> names.addAll(r.report().requests().keySet()));
      names.remove(GatlingReport.ALL);
      List<String> ordered = new ArrayList<>(names);
      ordered.add(GatlingReport.ALL);
      for (String name : ordered) {
        List<GatlingReport.RequestStats> stats = runs.stream()
            .map(r -> r.report().requests().get(name)).filter(s -> s != null).toList();
        if (stats.isEmpty()) {
          continue;
        }
        double all = median(stats, GatlingReport.RequestStats::perSecond);
        double rate = median(stats, BenchSummary::okPerSecond);
        long failed = stats.stream().mapToLong(GatlingReport.RequestStats::ko).sum();
        String cpu = "";
        if (name.equals(GatlingReport.ALL)) {
          totalRates.put(target.getKey(), rate);
          double[] perRequest = runs.stream()
              .filter(r -> !Double.isNaN(r.cpuSeconds()) && r.report().requests().get(name).total() > 0)
              .mapToDouble(r -> r.cpuSeconds() * 1000.0 / r.report().requests().get(name).total()).toArray();
          cpu = perRequest.length == 0 ? "" : fmt(median(perRequest), 3);
        }
        out.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %d | %s |%n",
            target.getKey(), name.equals(GatlingReport.ALL) ? "**all**" : name, stats.size(), fmt(rate, 1), fmt(all, 1),
            fmt(median(stats, GatlingReport.RequestStats::p50), 0), fmt(median(stats, GatlingReport.RequestStats::p95), 0),
            fmt(median(stats, GatlingReport.RequestStats::p99), 0), fmt(median(stats, GatlingReport.RequestStats::p999), 0),
            failed, cpu));
      }
      Map<String, GatlingReport.RequestStats> first = runs.get(0).report().requests();
      if (first.keySet().stream().noneMatch(n -> n.startsWith("Encrypt"))
          && first.keySet().stream().anyMatch(n -> n.startsWith("GenerateDataKey"))
          && first.keySet().stream().anyMatch(n -> n.startsWith("Decrypt"))) {
        String decrypt = first.keySet().stream().filter(n -> n.startsWith("Decrypt")).findFirst().orElseThrow();
        double pairs = median(runs.stream().map(r -> r.report().requests().get(decrypt)).toList(),
            BenchSummary::okPerSecond);
        notes.add(String.format(Locale.ROOT, "%s: wrap/unwrap pairs/s = %s (completed %s per second)",
            target.getKey(), fmt(pairs, 1), decrypt));
      }
    }
    Double ceiling = totalRates.get("nginx ceiling");
    if (ceiling != null) {
      totalRates.entrySet().stream().filter(e -> !e.getKey().equals("nginx ceiling")).findFirst().ifPresent(node ->
          notes.add(String.format(Locale.ROOT, "ratio = node / ceiling = %s / %s = %.2f",
              fmt(node.getValue(), 1), fmt(ceiling, 1), node.getValue() / ceiling)));
    }
    notes.forEach(n -> out.append('\n').append(n));
    if (!notes.isEmpty()) {
      out.append('\n');
    }
    return out.toString();
  }

  /** Successful responses per second: Gatling's count per second includes the failed ones. */
  private static double okPerSecond(GatlingReport.RequestStats stats) {
    return stats.total() == 0 ? 0 : stats.perSecond() * stats.ok() / stats.total();
  }

  private static double median(List<GatlingReport.RequestStats> stats, ToDoubleFunction<GatlingReport.RequestStats> metric) {
    return median(stats.stream().mapToDouble(metric).toArray());
  }

  static double median(double[] values) {
    double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private static String fmt(double value, int decimals) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
