package com.verenc.kms.loadtest.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One benchmark's result from a JMH JSON result file ({@code -rf json}): its name, parameters,
 * thread count and primary score with its 99.9% error, and the lines {@code loadtest/bin/bench}
 * prints to compare the node's rate with it.
 *
 * <p>Command line (bench's wrk summary): {@code JmhResult RESULT.json NODE_RATE [NODE_WHAT]} prints
 * the primitive's line and the ratio node / primitive.
 */
public record JmhResult(
    String benchmark,
    Map<String, String> params,
    int threads,
    double score,
    double error,
    String unit) {

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: JmhResult RESULT.json NODE_RATE [NODE_WHAT]");
    }
    JmhResult primitive = read(Path.of(args[0])).get(0);
    System.out.print(
        primitive.comparison(Double.parseDouble(args[1]), args.length > 2 ? args[2] : "node"));
  }

  /** Every benchmark of a JMH JSON result file, in its order. */
  public static List<JmhResult> read(Path file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    if (root == null || !root.isArray() || root.isEmpty()) {
      throw new IOException(file + " holds no JMH result");
    }
    List<JmhResult> results = new ArrayList<>();
    for (JsonNode b : root) {
      Map<String, String> params = new LinkedHashMap<>();
      b.path("params")
          .fields()
          .forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
      JsonNode metric = b.path("primaryMetric");
      results.add(
          new JmhResult(
              b.path("benchmark").asText(),
              params,
              b.path("threads").asInt(1),
              number(metric.path("score")),
              number(metric.path("scoreError")),
              metric.path("scoreUnit").asText()));
    }
    return results;
  }

  /** JMH writes "NaN" (a string) when it cannot tell the error, e.g. after a single iteration. */
  private static double number(JsonNode node) {
    if (node.isNumber()) {
      return node.asDouble();
    }
    try {
      return Double.parseDouble(node.asText());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** The benchmark's class and method without the package: PrimitiveBenchmark.sign. */
  public String shortName() {
    int method = benchmark.lastIndexOf('.');
    int type = method < 0 ? -1 : benchmark.lastIndexOf('.', method - 1);
    return benchmark.substring(type + 1);
  }

  /**
   * Two lines: the primitive's score ({@code primitive: PrimitiveBenchmark.sign spec=ECC_NIST_P256,
   * 2 threads (JMH): 25123.4 ± 812.3 ops/s}), then {@code ratio = node / primitive = A / B = R}
   * with what the node's rate counts.
   */
  public String comparison(double nodeRate, String nodeWhat) {
    StringBuilder params = new StringBuilder();
    this.params.forEach((k, v) -> params.append(' ').append(k).append('=').append(v));
    return String.format(
        Locale.ROOT,
        "primitive: %s%s, %d thread%s (JMH, plain JCA, same machine): %.1f%s %s%n"
            + "ratio = node / primitive = %.1f / %.1f = %.4f (node: %s)%n",
        shortName(),
        params,
        threads,
        threads == 1 ? "" : "s",
        score,
        Double.isNaN(error) ? "" : String.format(Locale.ROOT, " ± %.1f", error),
        unit,
        nodeRate,
        score,
        nodeRate / score,
        nodeWhat);
  }
}
