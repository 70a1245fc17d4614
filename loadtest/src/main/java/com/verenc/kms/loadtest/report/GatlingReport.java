package com.verenc.kms.loadtest.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one Gatling run measured, read from its HTML report ({@code index.html}): Gatling 3.12+
 * writes {@code simulation.log} in a private binary format and no {@code stats.json}, so the
 * report's statistics table and chart series are the stable, readable output. The table columns are
 * those of Gatling 3.14 with the percentiles configured in {@code gatling.conf} (50, 95, 99, 99.9).
 */
public record GatlingReport(
    Path directory,
    Map<String, RequestStats> requests,
    List<long[]> responsesPerSecond,
    Map<String, List<long[]>> percentilesOverTime,
    Map<String, String> pages) {

  /**
   * One page's series, second by second ({@code [epoch ms, value]}; seconds without a value are
   * left out): responses and successful responses per second, and response time percentiles ("50%",
   * "95%", "99%", ...).
   */
  public record Timeline(
      List<long[]> responses, List<long[]> ok, Map<String, List<long[]>> percentiles) {

    static Timeline parse(String html) {
      Map<String, List<long[]>> percentiles = new LinkedHashMap<>();
      List<long[]> responses = List.of();
      List<long[]> ok = List.of();
      Matcher s = SERIES.matcher(html);
      while (s.find()) {
        List<long[]> points = points(s.group(2));
        String name = s.group(1);
        if (name.endsWith("%") && !percentiles.containsKey(name)) {
          percentiles.put(name, points);
        } else if (name.equals("All")) {
          responses = points; // the last "All" series of a page is responses per second
        } else if (name.equals("OK")) {
          ok = points; // likewise its last "OK" series with a time axis
        }
      }
      return new Timeline(responses, ok, percentiles);
    }
  }

  /** The row of the statistics table for one request name ("All Requests" for the total). */
  public record RequestStats(
      String name,
      long total,
      long ok,
      long ko,
      double perSecond,
      double p50,
      double p95,
      double p99,
      double p999,
      double max,
      double mean) {}

  public static final String ALL = "All Requests";

  private static final Pattern ROW =
      Pattern.compile("<tr id=\"([^\"]+)\"(.*?)</tr>", Pattern.DOTALL);
  private static final Pattern NAME = Pattern.compile("class=\"ellipsed-name\">([^<]*)</span>");
  private static final Pattern CELL =
      Pattern.compile("class=\"value [a-z]+ col-(\\d+)\">([^<]*)</td>");
  private static final Pattern SERIES =
      Pattern.compile("name: '([^']+)',\\s*data: \\[(\\[[^\\n]*?\\])\\]", Pattern.DOTALL);
  private static final Pattern POINT = Pattern.compile("\\[(\\d+), (\\d+)\\]");

  public static GatlingReport read(Path reportDirectory) throws IOException {
    String html = Files.readString(reportDirectory.resolve("index.html"));
    Map<String, RequestStats> requests = new LinkedHashMap<>();
    Map<String, String> pages = new LinkedHashMap<>();
    Matcher row = ROW.matcher(html);
    while (row.find()) {
      String body = row.group(2);
      Map<Integer, String> cells = new LinkedHashMap<>();
      Matcher cell = CELL.matcher(body);
      while (cell.find()) {
        cells.put(Integer.parseInt(cell.group(1)), cell.group(2).strip());
      }
      if (cells.size() < 13) {
        continue;
      }
      Matcher name = NAME.matcher(body);
      String requestName =
          row.group(1).equals("ROOT") || !name.find() ? ALL : unescape(name.group(1));
      if (!requestName.equals(ALL)) {
        pages.put(requestName, row.group(1) + ".html"); // the row's id names its own page
      }
      requests.put(
          requestName,
          new RequestStats(
              requestName,
              (long) number(cells.get(2)),
              (long) number(cells.get(3)),
              (long) number(cells.get(4)),
              number(cells.get(6)),
              number(cells.get(8)),
              number(cells.get(9)),
              number(cells.get(10)),
              number(cells.get(11)),
              number(cells.get(12)),
              number(cells.get(13))));
    }
    if (requests.isEmpty()) {
      throw new IOException(
          "no statistics table in "
              + reportDirectory.resolve("index.html")
              + " (is it a Gatling 3.14 report?)");
    }
    Timeline timeline = Timeline.parse(html);
    return new GatlingReport(
        reportDirectory, requests, timeline.responses(), timeline.percentiles(), pages);
  }

  /** The series of the whole run, all requests together (the report's index page). */
  public Timeline timeline() throws IOException {
    return Timeline.parse(Files.readString(directory.resolve("index.html")));
  }

  /** The series of one request name, from its own page of the report. */
  public Timeline timelineOf(String request) throws IOException {
    String page = pages.get(request);
    if (page == null) {
      throw new IOException("no request named '" + request + "' in " + directory);
    }
    return Timeline.parse(Files.readString(directory.resolve(page)));
  }

  /** The newest report directory Gatling wrote under a results folder. */
  public static Path newestUnder(Path resultsFolder) throws IOException {
    try (var children = Files.list(resultsFolder)) {
      return children
          .filter(p -> Files.isRegularFile(p.resolve("index.html")))
          .max((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
          .orElseThrow(() -> new IOException("no Gatling report under " + resultsFolder));
    }
  }

  private static List<long[]> points(String data) {
    List<long[]> points = new ArrayList<>();
    Matcher p = POINT.matcher(data);
    while (p.find()) {
      points.add(new long[] {Long.parseLong(p.group(1)), Long.parseLong(p.group(2))});
    }
    return points;
  }

  private static double number(String text) {
    if (text == null || text.isEmpty() || text.equals("-")) {
      return Double.NaN;
    }
    return Double.parseDouble(text.replace(",", ""));
  }

  private static String unescape(String html) {
    return html.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&quot;", "\"");
  }
}
