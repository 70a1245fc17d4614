package com.verenc.kms.loadtest.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Marks the measured part in a Gatling HTML report of a run with a warm-up or ramp. Gatling knows
 * nothing of phases: its charts run from the first second, and its statistics divide every count by
 * the whole run, so a measured request's req/s there is far below the bench table's. On every page
 * of the report this adds a banner that says so and gives the measured figures as the table does,
 * and shades the unreported seconds on every time chart, with a line where the measured part
 * starts.
 *
 * <p>Arguments: {@code REPORT_DIR [MEASURED_SECONDS]} (the seconds the table's rates divide by; by
 * default the measured part's whole seconds in the report). A report without unreported phases is
 * left as it is; marking twice changes nothing.
 */
public final class MeasuredPartMarks {
  static final String MARK = "<!-- verenc: measured part marked -->";

  private MeasuredPartMarks() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      throw new IllegalArgumentException("usage: MeasuredPartMarks REPORT_DIR [MEASURED_SECONDS]");
    }
    Path directory = Path.of(args[0]);
    GatlingReport report = GatlingReport.read(directory);
    MeasuredWindow window = MeasuredWindow.of(report);
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : window.seconds();
    int marked = mark(report, window, seconds);
    if (marked > 0) {
      System.out.println(
          "report: marked the " + window.phaseNames() + " on " + marked + " page(s)");
    }
  }

  /** Marks every page of the report; returns how many pages were changed. */
  static int mark(GatlingReport report, MeasuredWindow window, double seconds) throws IOException {
    if (!window.hasUnreportedPhase()) {
      return 0;
    }
    String banner = banner(report, window, seconds);
    String script = script(window);
    List<Path> pages = new ArrayList<>(List.of(report.directory().resolve("index.html")));
    report.pages().values().forEach(p -> pages.add(report.directory().resolve(p)));
    int marked = 0;
    for (Path page : pages) {
      if (!Files.isRegularFile(page)) {
        continue;
      }
      String html = Files.readString(page);
      if (html.contains(MARK) || !html.contains("<body>") || !html.contains("</body>")) {
        continue;
      }
      html =
          html.replaceFirst("<body>", "<body>\n" + MARK + "\n" + banner)
              .replace("</body>", script + "</body>");
      Files.writeString(page, html);
      marked++;
    }
    return marked;
  }

  private static String banner(GatlingReport report, MeasuredWindow window, double seconds) {
    StringBuilder rows = new StringBuilder();
    Map<String, GatlingReport.RequestStats> measured =
        BenchSummary.measured(report.requests(), seconds);
    for (var row : measured.values()) {
      rows.append(
          String.format(
              Locale.ROOT,
              "<tr><td>%s</td><td>%d</td><td>%.1f</td><td>%s</td><td>%s</td><td>%s</td><td>%d</td></tr>",
              escape(row.name()),
              row.ok(),
              row.total() == 0 ? 0.0 : row.perSecond() * row.ok() / row.total(),
              ms(row.p50()),
              ms(row.p95()),
              ms(row.p99()),
              row.ko()));
    }
    return "<div style=\"margin:8px;padding:8px 12px;border:2px solid #d62728;background:#fff5f5;"
        + "color:#222;font:14px sans-serif\">"
        + "<b>Only the measured part counts.</b> This run began with "
        + window.secondsBefore()
        + " s of "
        + window.phaseNames()
        + " (requests named &hellip; ("
        + String.join(") or (", window.phases())
        + ")), shaded grey in the charts; the measured part starts at "
        + Instant.ofEpochMilli(window.start())
        + " (dashed line) and lasts "
        + Math.round(seconds)
        + " s. Gatling's own tables below divide every count by the whole run, so their rates "
        + "are not the measured ones. The measured figures, as <code>bench</code> reports them:"
        + "<table style=\"margin-top:6px;border-collapse:collapse\" cellpadding=\"3\">"
        + "<tr><th>request</th><th>ok</th><th>ok/s</th><th>p50 ms</th><th>p95 ms</th>"
        + "<th>p99 ms</th><th>failed</th></tr>"
        + rows
        + "</table></div>\n";
  }

  /**
   * Shades [run start, measured start) on every chart with a time axis, once Gatling's own scripts
   * have drawn them (they run on document ready; this on load, which comes after).
   */
  private static String script(MeasuredWindow window) {
    return "<script>\nwindow.addEventListener('load', function () {\n"
        + "  if (!window.Highcharts) { return; }\n"
        + "  Highcharts.charts.forEach(function (chart) {\n"
        + "    if (!chart || !chart.xAxis || !chart.xAxis[0]"
        + " || chart.xAxis[0].options.type !== 'datetime') { return; }\n"
        + "    chart.xAxis[0].addPlotBand({from: "
        + (window.runStart() - 500)
        + ", to: "
        + window.start()
        + ", color: 'rgba(128,128,128,0.25)', zIndex: 3,"
        + " label: {text: '"
        + window.phaseNames()
        + ": not measured', style: {color: '#555'}}});\n"
        + "    chart.xAxis[0].addPlotLine({value: "
        + window.start()
        + ", color: '#d62728', width: 2, dashStyle: 'Dash', zIndex: 4,"
        + " label: {text: 'measured part starts', style: {color: '#d62728'}}});\n"
        + "  });\n});\n</script>\n";
  }

  private static String ms(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.0f", value);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
