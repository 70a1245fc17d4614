package com.verenc.kms.loadtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's outputs agree with its table on a real Gatling 3.14 report of a WrapUnwrap run with 6
 * s of warm-up (kept as a test resource: the index and the measured requests' pages): the chart
 * draws only the measured part and its pairs/s, and the HTML report is marked where the warm-up
 * ends, with the measured figures.
 */
class MeasuredPartTest {
  private static final Path WARMUP = Path.of("src/test/resources/report/warmup");
  private static final Path NO_WARMUP = Path.of("src/test/resources/report/sample");

  @Test
  void theMeasuredPartStartsWithTheFirstResponseOfAMeasuredRequest() throws Exception {
    GatlingReport report = GatlingReport.read(WARMUP);
    MeasuredWindow window = MeasuredWindow.of(report);

    assertEquals(List.of("warm-up"), window.phases());
    assertEquals(List.of("GenerateDataKey", "Decrypt"), window.measured());
    assertEquals(1796222724000L, window.start());
    assertEquals(1796222729000L, window.end());
    assertEquals(7, window.secondsBefore());
    assertEquals(6, window.seconds());
    assertFalse(MeasuredWindow.of(GatlingReport.read(NO_WARMUP)).hasUnreportedPhase());
  }

  @Test
  void theChartPlotsPairsPerSecondOfTheMeasuredPartOnly() throws Exception {
    GatlingReport report = GatlingReport.read(WARMUP);

    ChartData data = ChartData.of(report, Optional.empty());

    assertEquals("pairs/s (Decrypt ok/s)", data.throughputLabel());
    assertEquals(6, data.throughput().size(), "the measured seconds only");
    long pairs = data.throughput().stream().mapToLong(p -> p[1]).sum();
    assertEquals(report.requests().get("Decrypt").ok(), pairs, "every completed pair, once");
    assertTrue(data.note().startsWith("measured part only: 6 s after 7 s of warm-up"));
    // The warm-up's first second had a p99 of 710 ms; the measured part's stays under 100.
    long worst = data.latency().get("p99").stream().mapToLong(p -> p[1]).max().orElseThrow();
    assertTrue(worst < 100, "measured p99 " + worst);
    assertEquals(100.0, TimelineChart.top(data.latency(), true));
    BufferedImage image = TimelineChart.render(data, "WrapUnwrap");
    assertEquals(1000, image.getWidth());
  }

  @Test
  void aFewOutlyingSecondsAreClippedInsteadOfFlatteningTheLatencyAxis() {
    List<long[]> p99 = new java.util.ArrayList<>();
    for (int s = 0; s < 30; s++) {
      p99.add(new long[] {s * 1000L, s == 12 ? 480 : 4 + s % 3});
    }
    assertEquals(10.0, TimelineChart.top(Map.of("p99", p99), true));
    assertEquals(500.0, TimelineChart.top(Map.of("p99", p99), false));
  }

  @Test
  void theHtmlReportIsMarkedWhereTheWarmUpEndsWithTheMeasuredFigures(@TempDir Path dir)
      throws Exception {
    for (Path file : Files.list(WARMUP).toList()) {
      Files.copy(file, dir.resolve(file.getFileName()));
    }
    GatlingReport report = GatlingReport.read(dir);
    MeasuredWindow window = MeasuredWindow.of(report);

    assertEquals(3, MeasuredPartMarks.mark(report, window, 6), "index and the two request pages");
    assertEquals(0, MeasuredPartMarks.mark(report, window, 6), "marking twice changes nothing");

    String index = Files.readString(dir.resolve("index.html"));
    assertTrue(index.contains("began with 7 s of warm-up"), index);
    assertTrue(
        index.contains("<tr><td>Decrypt</td><td>989</td><td>164.8</td><td>6</td><td>28</td>"),
        "the table's figures: 989 pairs over the 6 measured seconds");
    assertTrue(
        index.contains("addPlotBand({from: 1796222716500, to: 1796222724000"),
        "the warm-up shaded up to the first measured second");
    assertTrue(index.contains("addPlotLine({value: 1796222724000"));
    assertTrue(index.indexOf(MeasuredPartMarks.MARK) < index.indexOf("Only the measured part"));
    assertTrue(
        index.lastIndexOf("addPlotBand") < index.lastIndexOf("</body>"),
        "the script runs after Gatling's charts");
  }

  @Test
  void aReportWithoutWarmUpIsLeftAsItIs(@TempDir Path dir) throws Exception {
    Files.copy(NO_WARMUP.resolve("index.html"), dir.resolve("index.html"));
    GatlingReport report = GatlingReport.read(dir);

    assertEquals(0, MeasuredPartMarks.mark(report, MeasuredWindow.of(report), 20));
    assertEquals(
        Files.readString(NO_WARMUP.resolve("index.html")),
        Files.readString(dir.resolve("index.html")));
  }
}
