package com.verenc.kms.loadtest.report;

import com.verenc.kms.loadtest.settings.LoadSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The one table {@code loadtest/bin/bench} prints: per target (node, nginx ceiling, cold pass) and
 * operation, the median over runs of throughput (successful responses per second, and all completed
 * requests per second) and latency percentiles (Gatling's, over OK and failed), the failed requests
 * summed over runs, and the node's CPU time per request.
 *
 * <p>Arguments: {@code LABEL=REPORT_DIR[;cpu=CPU_SECONDS][;seconds=MEASURED_SECONDS]} once per run,
 * in order; runs with the same label are one target. A label {@code nginx ceiling} gives the ratio
 * line {@code node / ceiling} against the first other target.
 *
 * <p>An argument {@code primitive=JMH_RESULT.json;per=REQUEST} (Sign, SignVerify, Mac) adds the
 * primitive's score from a JMH JSON result and {@code ratio = node / primitive}, the node's rate
 * being the median of the {@code node} target's ok/s of REQUEST (the last request of an iteration,
 * so a SignVerify pair counts once).
 *
 * <p>Rows of the unreported phases (request names ending in {@code (warm-up)} or {@code (ramp)})
 * are left out. With {@code seconds}, rates are counts over the measured seconds (Gatling divides
 * by the whole run, warm-up included), and the total row is rebuilt from the measured rows (its
 * percentiles only when there is one measured request name: per-request percentiles cannot be
 * merged).
 */
public final class BenchSummary {
  private BenchSummary() {}

  static final List<String> UNREPORTED_SUFFIXES =
      List.of(LoadSettings.WARM_UP_SUFFIX, LoadSettings.RAMP_SUFFIX);

  record Run(Map<String, GatlingReport.RequestStats> requests, double cpuSeconds) {}

  /** The JMH primitive to compare the node with, and the node's request whose rate compares. */
  record Primitive(JmhResult result, String per) {}

  public static void main(String[] args) throws Exception {
    Map<String, List<Run>> targets = new LinkedHashMap<>();
    Primitive primitive = null;
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(
            "expected LABEL=REPORT_DIR[;cpu=S][;seconds=S], got " + arg);
      }
      String[] parts = arg.substring(eq + 1).split(";");
      if (arg.substring(0, eq).equals("primitive")) {
        String per = parts.length > 1 && parts[1].startsWith("per=") ? parts[1].substring(4) : "";
        primitive = new Primitive(JmhResult.read(Path.of(parts[0])).get(0), per);
        continue;
      }
      double cpu = Double.NaN;
      double seconds = Double.NaN;
      for (int i = 1; i < parts.length; i++) {
        String[] kv = parts[i].split("=", 2);
        double value = kv.length < 2 || kv[1].isBlank() ? Double.NaN : Double.parseDouble(kv[1]);
        switch (kv[0]) {
          case "cpu" -> cpu = value;
          case "seconds" -> seconds = value;
          default ->
              throw new IllegalArgumentException("unknown run attribute " + kv[0] + " in " + arg);
        }
      }
      GatlingReport report = GatlingReport.read(Path.of(parts[0]));
      targets
          .computeIfAbsent(arg.substring(0, eq), l -> new ArrayList<>())
          .add(new Run(measured(report.requests(), seconds), cpu));
    }
    System.out.print(render(targets, primitive));
  }

  static String render(Map<String, List<Run>> targets) {
    return render(targets, null);
  }

  static String render(Map<String, List<Run>> targets, Primitive primitive) {
    StringBuilder out = new StringBuilder();
    out.append(
        "| target | operation | runs | ok/s | req/s | p50 ms | p95 ms | p99 ms | p99.9 ms | failed | node CPU ms/req |\n");
    out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    Map<String, Double> totalRates = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    for (var target : targets.entrySet()) {
      List<Run> runs = target.getValue();
      Set<String> names = new LinkedHashSet<>();
      runs.forEach(r -> names.addAll(r.requests().keySet()));
      names.remove(GatlingReport.ALL);
      List<String> ordered = new ArrayList<>(names);
      ordered.add(GatlingReport.ALL);
      for (String name : ordered) {
        List<GatlingReport.RequestStats> stats =
            runs.stream().map(r -> r.requests().get(name)).filter(s -> s != null).toList();
        if (stats.isEmpty()) {
          continue;
        }
        double all = median(stats, GatlingReport.RequestStats::perSecond);
        double rate = median(stats, BenchSummary::okPerSecond);
        long failed = stats.stream().mapToLong(GatlingReport.RequestStats::ko).sum();
        String cpu = "";
        if (name.equals(GatlingReport.ALL)) {
          totalRates.put(target.getKey(), rate);
          double[] perRequest =
              runs.stream()
                  .filter(r -> !Double.isNaN(r.cpuSeconds()) && r.requests().get(name).total() > 0)
                  .mapToDouble(r -> r.cpuSeconds() * 1000.0 / r.requests().get(name).total())
                  .toArray();
          cpu = perRequest.length == 0 ? "" : fmt(median(perRequest), 3);
        }
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %d | %s |%n",
                target.getKey(),
                name.equals(GatlingReport.ALL) ? "**all**" : name,
                stats.size(),
                fmt(rate, 1),
                fmt(all, 1),
                fmt(median(stats, GatlingReport.RequestStats::p50), 0),
                fmt(median(stats, GatlingReport.RequestStats::p95), 0),
                fmt(median(stats, GatlingReport.RequestStats::p99), 0),
                fmt(median(stats, GatlingReport.RequestStats::p999), 0),
                failed,
                cpu));
      }
      Optional<String> unwrap = unwrapOfPairs(runs.get(0).requests().keySet());
      if (unwrap.isPresent()) {
        String decrypt = unwrap.get();
        double pairs =
            median(
                runs.stream().map(r -> r.requests().get(decrypt)).toList(),
                BenchSummary::okPerSecond);
        notes.add(
            String.format(
                Locale.ROOT,
                "%s: wrap/unwrap pairs/s = %s (completed %s per second)",
                target.getKey(),
                fmt(pairs, 1),
                decrypt));
      }
    }
    Double ceiling = totalRates.get("nginx ceiling");
    if (ceiling != null) {
      totalRates.entrySet().stream()
          .filter(e -> !e.getKey().equals("nginx ceiling"))
          .findFirst()
          .ifPresent(
              node ->
                  notes.add(
                      String.format(
                          Locale.ROOT,
                          "ratio = node / ceiling = %s / %s = %.2f",
                          fmt(node.getValue(), 1),
                          fmt(ceiling, 1),
                          node.getValue() / ceiling)));
    }
    List<Run> nodeRuns = targets.get("node");
    if (primitive != null && nodeRuns != null) {
      String per = primitive.per().isEmpty() ? GatlingReport.ALL : primitive.per();
      List<GatlingReport.RequestStats> stats =
          nodeRuns.stream().map(r -> r.requests().get(per)).filter(s -> s != null).toList();
      double nodeRate = stats.isEmpty() ? Double.NaN : median(stats, BenchSummary::okPerSecond);
      boolean pairs = nodeRuns.get(0).requests().size() > 2; // two measured names and the total
      String what =
          per.equals(GatlingReport.ALL)
              ? "all ok/s"
              : per + " ok/s" + (pairs ? " = pairs/s, one per iteration" : "");
      notes.add(primitive.result().comparison(nodeRate, what).stripTrailing());
    }
    notes.forEach(n -> out.append('\n').append(n));
    if (!notes.isEmpty()) {
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * In a run of wrap/unwrap pairs (GenerateDataKey then Decrypt, no Encrypt: WrapUnwrap,
   * MultiZone), the Decrypt request, whose completions per second are the pairs per second.
   */
  static Optional<String> unwrapOfPairs(Collection<String> measuredNames) {
    if (measuredNames.stream().anyMatch(n -> n.startsWith("Encrypt"))
        || measuredNames.stream().noneMatch(n -> n.startsWith("GenerateDataKey"))) {
      return Optional.empty();
    }
    return measuredNames.stream().filter(n -> n.startsWith("Decrypt")).findFirst();
  }

  /**
   * The measured rows of one run: unreported phases dropped; with {@code seconds}, rates over the
   * measured seconds and, if phases were dropped, the total rebuilt from the rest.
   */
  static Map<String, GatlingReport.RequestStats> measured(
      Map<String, GatlingReport.RequestStats> rows, double seconds) {
    Map<String, GatlingReport.RequestStats> kept = new LinkedHashMap<>();
    boolean dropped = false;
    for (var row : rows.entrySet()) {
      if (UNREPORTED_SUFFIXES.stream().anyMatch(row.getKey()::endsWith)) {
        dropped = true;
      } else if (!row.getKey().equals(GatlingReport.ALL)) {
        kept.put(
            row.getKey(),
            Double.isNaN(seconds) ? row.getValue() : overSeconds(row.getValue(), seconds));
      }
    }
    GatlingReport.RequestStats all = rows.get(GatlingReport.ALL);
    if (dropped) {
      List<GatlingReport.RequestStats> parts = List.copyOf(kept.values());
      GatlingReport.RequestStats one = parts.size() == 1 ? parts.get(0) : null;
      long total = parts.stream().mapToLong(GatlingReport.RequestStats::total).sum();
      all =
          new GatlingReport.RequestStats(
              GatlingReport.ALL,
              total,
              parts.stream().mapToLong(GatlingReport.RequestStats::ok).sum(),
              parts.stream().mapToLong(GatlingReport.RequestStats::ko).sum(),
              Double.isNaN(seconds) ? Double.NaN : total / seconds,
              one == null ? Double.NaN : one.p50(),
              one == null ? Double.NaN : one.p95(),
              one == null ? Double.NaN : one.p99(),
              one == null ? Double.NaN : one.p999(),
              one == null ? Double.NaN : one.max(),
              one == null ? Double.NaN : one.mean());
    } else if (all != null && !Double.isNaN(seconds)) {
      all = overSeconds(all, seconds);
    }
    if (all != null) {
      kept.put(GatlingReport.ALL, all);
    }
    return kept;
  }

  private static GatlingReport.RequestStats overSeconds(
      GatlingReport.RequestStats s, double seconds) {
    return new GatlingReport.RequestStats(
        s.name(),
        s.total(),
        s.ok(),
        s.ko(),
        s.total() / seconds,
        s.p50(),
        s.p95(),
        s.p99(),
        s.p999(),
        s.max(),
        s.mean());
  }

  /** Successful responses per second: Gatling's count per second includes the failed ones. */
  private static double okPerSecond(GatlingReport.RequestStats stats) {
    return stats.total() == 0 ? 0 : stats.perSecond() * stats.ok() / stats.total();
  }

  private static double median(
      List<GatlingReport.RequestStats> stats, ToDoubleFunction<GatlingReport.RequestStats> metric) {
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
