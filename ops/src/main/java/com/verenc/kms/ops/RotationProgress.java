package com.verenc.kms.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * One line showing a zone's master key rotation for an operator: a bar, the percent, secrets done
 * of the total, the rate and the time left, e.g. {@code [######--------------] 30.0% 75/250 secrets
 * 41.3/s ETA 0:00:05}.
 *
 * @param etaSeconds null while unknown (no rate yet, or not running)
 */
record RotationProgress(
    String state, long done, long total, double percent, double rate, Long etaSeconds) {
  static final int BAR_WIDTH = 30;

  /** From the {@code rotation} member of the node's {@code GET /kms/master-key} answer. */
  static RotationProgress of(JsonNode rotation) {
    JsonNode eta = rotation.path("etaSeconds");
    return new RotationProgress(
        rotation.path("state").asText(),
        rotation.path("done").asLong(),
        rotation.path("total").asLong(),
        rotation.path("percent").asDouble(),
        rotation.path("ratePerSecond").asDouble(),
        eta.isNumber() ? eta.asLong() : null);
  }

  String line() {
    int filled = (int) Math.floor(percent * BAR_WIDTH / 100);
    String bar = "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled);
    String line =
        String.format(
            Locale.ROOT,
            "[%s] %5.1f%%  %d/%d secrets  %.1f/s",
            bar,
            percent,
            done,
            Math.max(done, total),
            rate);
    return switch (state) {
      case "FINISHED" -> line + "  done";
      case "PAUSED" -> line + "  paused";
      default -> line + "  ETA " + (etaSeconds == null ? "?" : clock(etaSeconds));
    };
  }

  /** {@code H:MM:SS}. */
  static String clock(long seconds) {
    return String.format(
        Locale.ROOT, "%d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
  }
}
