package com.verenc.kms.loadtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading the JSON result of a real JMH 1.37 run of PrimitiveBenchmark.sign (as bench runs it: 2
 * threads, 5 iterations; kept as a test resource), and the lines bench prints from it.
 */
class JmhResultTest {
  private static final Path SAMPLE =
      Path.of("src/test/resources/report/jmh/primitive-sign-p256.json");

  @Test
  void primaryScoreParamsAndThreadsAreRead() throws Exception {
    JmhResult result = JmhResult.read(SAMPLE).get(0);

    assertEquals("com.verenc.kms.loadtest.PrimitiveBenchmark.sign", result.benchmark());
    assertEquals("PrimitiveBenchmark.sign", result.shortName());
    assertEquals(Map.of("spec", "ECC_NIST_P256"), result.params());
    assertEquals(2, result.threads());
    assertEquals(1240.592, result.score(), 0.001);
    assertEquals(2265.075, result.error(), 0.001);
    assertEquals("ops/s", result.unit());
  }

  @Test
  void comparisonPrintsThePrimitiveAndTheRatio() throws Exception {
    String lines = JmhResult.read(SAMPLE).get(0).comparison(620.3, "median req/s");

    assertEquals(
        "primitive: PrimitiveBenchmark.sign spec=ECC_NIST_P256, 2 threads (JMH, plain JCA, same"
            + " machine): 1240.6 ± 2265.1 ops/s\n"
            + "ratio = node / primitive = 620.3 / 1240.6 = 0.5000 (node: median req/s)\n",
        lines.replace(System.lineSeparator(), "\n"));
  }

  @Test
  void anErrorJmhCouldNotTellIsLeftOut(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("one-iteration.json");
    Files.writeString(
        file,
        "[{\"benchmark\":\"a.b.PrimitiveBenchmark.signAndVerify\",\"threads\":1,"
            + "\"params\":{\"spec\":\"HMAC_256\"},\"primaryMetric\":{\"score\":1000.0,"
            + "\"scoreError\":\"NaN\",\"scoreUnit\":\"ops/s\"}}]");

    JmhResult result = JmhResult.read(file).get(0);

    assertTrue(Double.isNaN(result.error()));
    assertTrue(
        result
            .comparison(10, "x")
            .startsWith(
                "primitive: PrimitiveBenchmark.signAndVerify"
                    + " spec=HMAC_256, 1 thread (JMH, plain JCA, same machine): 1000.0 ops/s\n"),
        result.comparison(10, "x"));
  }

  @Test
  void summaryComparesTheNodesRateOfTheNamedRequestWithThePrimitive() throws Exception {
    Map<String, GatlingReport.RequestStats> rows = new LinkedHashMap<>();
    rows.put("Sign", stats("Sign", 3000, 0));
    rows.put("Verify", stats("Verify", 2970, 30));
    rows.put(GatlingReport.ALL, stats(GatlingReport.ALL, 6000, 30));
    Map<String, List<BenchSummary.Run>> targets = new LinkedHashMap<>();
    targets.put("node", List.of(new BenchSummary.Run(rows, 1.0)));

    String table =
        BenchSummary.render(
            targets, new BenchSummary.Primitive(JmhResult.read(SAMPLE).get(0), "Verify"));

    assertTrue(
        table.contains(
            "ratio = node / primitive = 98.0 / 1240.6 = 0.0790 (node: Verify ok/s = pairs/s,"
                + " one per iteration)"),
        table);
    assertTrue(table.contains("primitive: PrimitiveBenchmark.sign spec=ECC_NIST_P256"), table);
  }

  @Test
  void summaryWithoutAPrimitiveHasNoPrimitiveLine() throws Exception {
    Map<String, GatlingReport.RequestStats> rows = new LinkedHashMap<>();
    rows.put("Sign", stats("Sign", 3000, 0));
    rows.put(GatlingReport.ALL, stats(GatlingReport.ALL, 3000, 0));
    String table = BenchSummary.render(Map.of("node", List.of(new BenchSummary.Run(rows, 1.0))));
    assertTrue(!table.contains("primitive"), table);
  }

  /** 30 s of requests: {@code total / 30} per second, {@code ko} of them failed. */
  private static GatlingReport.RequestStats stats(String name, long total, long ko) {
    return new GatlingReport.RequestStats(
        name, total, total - ko, ko, total / 30.0, 1, 2, 3, 4, 5, 1);
  }
}
