package com.verenc.kms.node.masterkey;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A zone's master key rotation as its row in the zone database records it: a pass over the zone's
 * secrets in key order that re-wraps every one not under {@code targetKey}.
 *
 * @param jobId names this pass, so a worker whose pass was replaced cannot record progress in it
 * @param targetKey the master key secrets are re-wrapped under (its id, e.g. {@code file:3f2a...})
 * @param note why a paused pass stopped; null otherwise
 * @param lastKey the persistence id of the last secret done (the zone's key prefix before the
 *     first)
 * @param total the zone's secrets when the pass started
 * @param done secrets looked at so far
 * @param rewrapped secrets re-wrapped under the target key
 * @param changed secrets that changed or went (key deleted) between read and re-wrap: left as the
 *     other writer left them
 * @param unopenable secrets no master key of the worker opens: left as they are (logged)
 * @param rate secrets per second since the worker (re)started the pass
 */
public record RewrapJob(
    String zone,
    String jobId,
    String targetKey,
    State state,
    String note,
    String lastKey,
    long total,
    long done,
    long rewrapped,
    long changed,
    long unopenable,
    double rate,
    Instant startedAt,
    Instant updatedAt,
    Instant finishedAt) {

  /** Where a pass is. */
  public enum State {
    /** Re-wrapping, or to be resumed by the zone's coordinator. */
    RUNNING,
    /** Every secret of the zone was looked at. */
    FINISHED,
    /** Stopped because the coordinator's current master key is no longer the target. */
    PAUSED
  }

  /** A new pass from the start of the zone's secrets ({@code firstKey} sorts before them). */
  static RewrapJob begin(
      String zone, String jobId, String targetKey, String firstKey, long total, Instant now) {
    return new RewrapJob(
        zone,
        jobId,
        targetKey,
        State.RUNNING,
        null,
        firstKey,
        total,
        0,
        0,
        0,
        0,
        0,
        now,
        now,
        null);
  }

  /** This pass after one more page. */
  RewrapJob advanced(PageOutcome page, double newRate, Instant now) {
    return new RewrapJob(
        zone,
        jobId,
        targetKey,
        page.last() ? State.FINISHED : State.RUNNING,
        null,
        page.lastKey().orElse(lastKey),
        total,
        done + page.rows(),
        rewrapped + page.rewrapped(),
        changed + page.changed(),
        unopenable + page.unopenable(),
        newRate,
        startedAt,
        now,
        page.last() ? now : null);
  }

  /** This pass stopped, saying why. */
  RewrapJob paused(String why, Instant now) {
    return new RewrapJob(
        zone,
        jobId,
        targetKey,
        State.PAUSED,
        why,
        lastKey,
        total,
        done,
        rewrapped,
        changed,
        unopenable,
        0,
        startedAt,
        now,
        null);
  }

  /**
   * Percent of the zone's secrets looked at: 100 only once finished (secrets created during the
   * pass can carry {@code done} past the count taken at its start).
   */
  public double percent() {
    if (state == State.FINISHED) {
      return 100;
    }
    if (total == 0) {
      return 0;
    }
    return Math.min(99.9, 100.0 * done / total);
  }

  /** Time left at the current rate, while running and once there is a rate. */
  public Optional<Duration> eta() {
    if (state != State.RUNNING || rate <= 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofSeconds((long) Math.ceil(Math.max(0, total - done) / rate)));
  }

  /** What one page of the pass came to. */
  record PageOutcome(
      int rows,
      int rewrapped,
      int changed,
      int unopenable,
      Optional<String> lastKey,
      boolean last) {}
}
