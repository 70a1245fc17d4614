package com.verenc.kms.loadtest.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Draws a run's measured part as one PNG, with headless Java2D (no plotting library): the figure
 * the bench table leads with (pairs/s or ok/s) and latency percentiles (p50, p95, p99, per second)
 * over time ({@link ChartData}). The latency axis fits the data: a few outlying seconds (a GC
 * pause) are drawn clipped at the top, with the maximum written beside them, instead of flattening
 * everything else.
 *
 * <p>Arguments: {@code REPORT_DIR OUT.png [TITLE] [--pairs REQUEST]}; {@code --pairs} names the
 * request that ends a pair (SignVerify: Verify; WrapUnwrap and MultiZone are found by their names).
 */
public final class TimelineChart {
  private static final int WIDTH = 1000;
  private static final int PANEL = 260;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 58;
  private static final int GAP = 50;
  private static final Color[] THROUGHPUT = {new Color(0x2f6fdf)};
  private static final Color[] LATENCY = {
    new Color(0x2e9e44), new Color(0xe08a00), new Color(0xd62728)
  };

  private TimelineChart() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    List<String> positional = new ArrayList<>();
    Optional<String> pairs = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--pairs") && i + 1 < args.length) {
        pairs = Optional.of(args[++i]);
      } else {
        positional.add(args[i]);
      }
    }
    if (positional.size() < 2) {
      throw new IllegalArgumentException(
          "usage: TimelineChart REPORT_DIR OUT.png [TITLE] [--pairs REQUEST]");
    }
    GatlingReport report = GatlingReport.read(Path.of(positional.get(0)));
    String title =
        positional.size() > 2 ? positional.get(2) : report.directory().getFileName().toString();
    ImageIO.write(
        render(ChartData.of(report, pairs), title), "png", Path.of(positional.get(1)).toFile());
    System.out.println("chart: " + positional.get(1));
  }

  static BufferedImage render(ChartData data, String title) {
    int height = TOP + PANEL + GAP + PANEL + 40;
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(title, LEFT, 22);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString(data.note(), LEFT, 40);
    long start =
        Stream.concat(Stream.of(data.throughput()), data.latency().values().stream())
            .filter(s -> !s.isEmpty())
            .mapToLong(s -> s.get(0)[0])
            .min()
            .orElse(0);
    Map<String, List<long[]>> throughput = Map.of(data.throughputLabel(), data.throughput());
    panel(g, TOP, data.throughputLabel(), throughput, start, top(throughput, false), THROUGHPUT);
    panel(
        g,
        TOP + PANEL + GAP,
        data.latencyLabel(),
        data.latency(),
        start,
        top(data.latency(), true),
        LATENCY);
    g.dispose();
    return image;
  }

  /**
   * The top of a panel's axis: a round number above the largest value or, for latency, above the
   * bulk of the values when a few seconds are far out (more than 3x the 95th percentile of all
   * points), so that milliseconds stay readable.
   */
  static double top(Map<String, List<long[]>> series, boolean clipOutliers) {
    double[] values =
        series.values().stream().flatMap(List::stream).mapToDouble(p -> p[1]).sorted().toArray();
    if (values.length == 0) {
      return 1;
    }
    double max = values[values.length - 1];
    double bulk = values[(int) Math.floor(0.95 * (values.length - 1))];
    if (clipOutliers && max > 3 * Math.max(bulk, 1)) {
      return niceCeiling(1.5 * Math.max(bulk, 1));
    }
    return niceCeiling(Math.max(max, 1));
  }

  private static void panel(
      Graphics2D g,
      int top,
      String label,
      Map<String, List<long[]>> series,
      long start,
      double maxV,
      Color[] colors) {
    int x0 = LEFT;
    int x1 = WIDTH - RIGHT;
    int y0 = top + PANEL - 30;
    int y1 = top + 10;
    long maxT = 1;
    for (List<long[]> s : series.values()) {
      for (long[] point : s) {
        maxT = Math.max(maxT, (point[0] - start) / 1000);
      }
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(new Color(0xdddddd));
    for (int i = 0; i <= 4; i++) {
      int y = y0 - (y0 - y1) * i / 4;
      g.drawLine(x0, y, x1, y);
    }
    g.setColor(Color.BLACK);
    g.drawRect(x0, y1, x1 - x0, y0 - y1);
    for (int i = 0; i <= 4; i++) {
      int y = y0 - (y0 - y1) * i / 4;
      g.drawString(axisLabel(maxV * i / 4), 8, y + 4);
    }
    for (int i = 0; i <= 5; i++) {
      int x = x0 + (x1 - x0) * i / 5;
      g.drawString((maxT * i / 5) + " s", x - 10, y0 + 16);
    }
    g.drawString(label, x0, top + 4);
    int c = 0;
    int legendX = x1 - 90 * series.size();
    for (var entry : series.entrySet()) {
      Color color = colors[c++ % colors.length];
      g.setColor(color);
      g.setStroke(new BasicStroke(1.8f));
      int prevX = -1;
      int prevY = -1;
      for (long[] point : entry.getValue()) {
        int x = x0 + (int) ((x1 - x0) * ((point[0] - start) / 1000.0) / maxT);
        boolean clipped = point[1] > maxV;
        int y = y0 - (int) ((y0 - y1) * Math.min(point[1], maxV) / maxV);
        if (prevX >= 0) {
          g.drawLine(prevX, prevY, x, y);
        }
        if (clipped) {
          g.fillPolygon(new int[] {x - 4, x + 4, x}, new int[] {y + 7, y + 7, y}, 3);
          g.drawString(point[1] + " ms", x + 5, y + 14 + 12 * (c - 1));
        }
        prevX = x;
        prevY = y;
      }
      if (series.size() > 1) {
        g.fillRect(legendX, top - 6, 14, 4);
        g.setColor(Color.BLACK);
        g.drawString(entry.getKey(), legendX + 18, top);
        legendX += 90;
      }
    }
    g.setStroke(new BasicStroke(1f));
  }

  private static String axisLabel(double value) {
    return value == Math.rint(value)
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%.2f", value).replaceAll("0+$", "");
  }

  /** The smallest of 1, 2, 5 x 10^k (k >= 0) at or above {@code value}. */
  static double niceCeiling(double value) {
    double magnitude = 1;
    while (magnitude * 10 <= value) {
      magnitude *= 10;
    }
    for (double step : new double[] {1, 2, 5, 10}) {
      if (step * magnitude >= value) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }
}
