package com.verenc.kms.loadtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reading a real Gatling 3.14 report (a 20 s Smoke run, kept as a test resource): the numbers bench
 * prints are the ones Gatling's own statistics table shows.
 */
class GatlingReportTest {
  private static final Path SAMPLE = Path.of("src/test/resources/report/sample");

  @Test
  void statisticsTableRowsAreReadPerRequestName() throws Exception {
    GatlingReport report = GatlingReport.read(SAMPLE);

    GatlingReport.RequestStats encrypt = report.requests().get("Encrypt");
    assertEquals(40, encrypt.total());
    assertEquals(0, encrypt.ko());
    assertEquals(2.0, encrypt.perSecond());
    assertEquals(17, encrypt.p50());
    assertEquals(105, encrypt.p95());
    assertEquals(355, encrypt.p99());
    GatlingReport.RequestStats all = report.requests().get(GatlingReport.ALL);
    assertEquals(200, all.total());
    assertEquals(10.0, all.perSecond());
    assertEquals(
        List.of(
            GatlingReport.ALL,
            "Encrypt",
            "CreateKey",
            "Decrypt",
            "DescribeKey",
            "CreateAlias",
            "GenerateDataKey",
            "ListKeys"),
        List.copyOf(report.requests().keySet()));
  }

  @Test
  void timeSeriesCoverTheRunSecondBySecond() throws Exception {
    GatlingReport report = GatlingReport.read(SAMPLE);

    assertEquals(200, report.responsesPerSecond().stream().mapToLong(p -> p[1]).sum());
    assertEquals(
        report.responsesPerSecond().size(), report.percentilesOverTime().get("99%").size());
    assertEquals(565, report.percentilesOverTime().get("99%").get(0)[1]);
  }

  @Test
  void summaryGivesMediansAndTheCeilingRatio() throws Exception {
    GatlingReport report = GatlingReport.read(SAMPLE);
    Map<String, List<BenchSummary.Run>> targets = new LinkedHashMap<>();
    targets.put(
        "node",
        List.of(
            new BenchSummary.Run(report.requests(), 2.0),
            new BenchSummary.Run(report.requests(), 4.0),
            new BenchSummary.Run(report.requests(), 3.0)));
    targets.put("nginx ceiling", List.of(new BenchSummary.Run(report.requests(), Double.NaN)));

    String table = BenchSummary.render(targets);

    assertTrue(
        table.contains("| node | **all** | 3 | 10.0 | 10.0 | 15 | 100 | 355 | 565 | 0 | 15.000 |"),
        table);
    assertTrue(table.contains("ratio = node / ceiling = 10.0 / 10.0 = 1.00"), table);
  }

  @Test
  void unreportedPhasesAreLeftOutAndRatesCoverTheMeasuredSecondsOnly() {
    Map<String, GatlingReport.RequestStats> rows =
        rows(
            stats(GatlingReport.ALL, 3000, 40, 1.0, 9.0),
            stats("Encrypt (warm-up)", 1000, 40, 2.0, 9.0),
            stats("Encrypt (ramp)", 400, 0, 1.0, 3.0),
            stats("Encrypt", 1600, 0, 1.0, 2.0));

    Map<String, GatlingReport.RequestStats> measured = BenchSummary.measured(rows, 20);

    assertEquals(List.of("Encrypt", GatlingReport.ALL), List.copyOf(measured.keySet()));
    assertEquals(80.0, measured.get("Encrypt").perSecond());
    GatlingReport.RequestStats all = measured.get(GatlingReport.ALL);
    assertEquals(1600, all.total());
    assertEquals(0, all.ko());
    assertEquals(80.0, all.perSecond());
    assertEquals(2.0, all.p99(), "one measured request name: its percentiles are the total's");
  }

  @Test
  void totalOfSeveralMeasuredRequestsHasNoMergedPercentiles() {
    Map<String, GatlingReport.RequestStats> rows =
        rows(
            stats(GatlingReport.ALL, 500, 5, 1.0, 9.0),
            stats("GenerateDataKey (warm-up)", 100, 5, 1.0, 9.0),
            stats("GenerateDataKey", 200, 0, 1.0, 2.0),
            stats("Decrypt", 200, 1, 1.0, 3.0));

    GatlingReport.RequestStats all = BenchSummary.measured(rows, 10).get(GatlingReport.ALL);

    assertEquals(400, all.total());
    assertEquals(1, all.ko());
    assertEquals(40.0, all.perSecond());
    assertTrue(Double.isNaN(all.p99()));
  }

  /** Report rows keyed by request name, in the order given (as GatlingReport reads them). */
  private static Map<String, GatlingReport.RequestStats> rows(GatlingReport.RequestStats... stats) {
    Map<String, GatlingReport.RequestStats> rows = new LinkedHashMap<>();
    for (GatlingReport.RequestStats row : stats) {
      rows.put(row.name(), row);
    }
    return rows;
  }

  private static GatlingReport.RequestStats stats(
      String name, long total, long ko, double p50, double p99) {
    return new GatlingReport.RequestStats(
        name, total, total - ko, ko, total / 60.0, p50, p99, p99, p99, p99, p50);
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertEquals(2.5, BenchSummary.median(new double[] {4, 1, 3, 2}));
    assertEquals(3.0, BenchSummary.median(new double[] {5, 1, 3}));
  }
}
