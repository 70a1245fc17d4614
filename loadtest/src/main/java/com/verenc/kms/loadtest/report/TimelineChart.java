package com.verenc.kms.loadtest.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws a run's throughput (responses per second) and latency percentiles (p50, p95, p99, per
 * second) over time as one PNG, with headless Java2D: no plotting library needed.
 *
 * <p>Arguments: {@code REPORT_DIR OUT.png [TITLE]}.
 */
public final class TimelineChart {
  private static final int WIDTH = 1000;
  private static final int PANEL = 260;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int GAP = 50;

  private TimelineChart() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: TimelineChart REPORT_DIR OUT.png [TITLE]");
    }
    GatlingReport report = GatlingReport.read(Path.of(args[0]));
    String title = args.length > 2 ? args[2] : report.directory().getFileName().toString();
    BufferedImage image = render(report, title);
    ImageIO.write(image, "png", Path.of(args[1]).toFile());
    System.out.println("chart: " + args[1]);
  }

  static BufferedImage render(GatlingReport report, String title) {
    int height = TOP + PANEL + GAP + PANEL + 40;
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(title, LEFT, 24);
    long start = report.responsesPerSecond().isEmpty() ? 0 : report.responsesPerSecond().get(0)[0];
    Map<String, List<long[]>> throughput = new LinkedHashMap<>();
    throughput.put("responses/s", report.responsesPerSecond());
    panel(g, TOP, "throughput (responses/s)", throughput, start, new Color[] {new Color(0x2f6fdf)});
    Map<String, List<long[]>> latency = new LinkedHashMap<>();
    for (String p : List.of("50%", "95%", "99%")) {
      List<long[]> series = report.percentilesOverTime().get(p);
      if (series != null) {
        latency.put("p" + p.replace("%", ""), series);
      }
    }
    panel(
        g,
        TOP + PANEL + GAP,
        "latency (ms, per second)",
        latency,
        start,
        new Color[] {new Color(0x2e9e44), new Color(0xe08a00), new Color(0xd62728)});
    g.dispose();
    return image;
  }

  private static void panel(
      Graphics2D g,
      int top,
      String label,
      Map<String, List<long[]>> series,
      long start,
      Color[] colors) {
    int x0 = LEFT;
    int x1 = WIDTH - RIGHT;
    int y0 = top + PANEL - 30;
    int y1 = top + 10;
    long maxT = 1;
    long maxV = 1;
    for (List<long[]> s : series.values()) {
      for (long[] point : s) {
        maxT = Math.max(maxT, (point[0] - start) / 1000);
        maxV = Math.max(maxV, point[1]);
      }
    }
    maxV = niceCeiling(maxV);
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
      g.drawString(Long.toString(maxV * i / 4), 8, y + 4);
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
        int y = y0 - (int) ((y0 - y1) * (double) point[1] / maxV);
        if (prevX >= 0) {
          g.drawLine(prevX, prevY, x, y);
        }
        prevX = x;
        prevY = y;
      }
      g.fillRect(legendX, top - 6, 14, 4);
      g.setColor(Color.BLACK);
      g.drawString(entry.getKey(), legendX + 18, top);
      legendX += 90;
    }
    g.setStroke(new BasicStroke(1f));
  }

  private static long niceCeiling(long value) {
    long magnitude = 1;
    while (magnitude * 10 <= value) {
      magnitude *= 10;
    }
    for (long step : new long[] {1, 2, 5, 10}) {
      if (step * magnitude >= value) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }
}
