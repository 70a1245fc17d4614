package com.verenc.kms.node.audit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * When the audit writer moves the records requests wrote into the file (every few milliseconds) and
 * forces the file to disk (every {@code fsync-interval}), counted from the last move and the last
 * force: the first record after a quiet spell is due at once. Not thread-safe: used with the
 * trail's lock held.
 */
final class FlushSchedule {
  /**
   * How often the writer moves records written by requests into the file: at 25,000 requests a
   * second of 630-byte records about 80 KB, a thirteenth of the file sink's ring, so requests
   * rarely find it full.
   */
  static final long FLUSH_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  /** What a flush taken now does. */
  enum Due {
    NOTHING,
    MOVE,
    MOVE_AND_FORCE
  }

  private final long fsyncIntervalNanos;
  private long writtenSinceForce;
  private long lastForceNanos;
  private long writtenSinceFlush;
  private long lastFlushNanos;

  FlushSchedule(Duration fsyncInterval, long nowNanos) {
    this.fsyncIntervalNanos = fsyncInterval.toNanos();
    this.lastForceNanos = nowNanos;
    this.lastFlushNanos = nowNanos;
  }

  /** Whether nothing was written since the last flush: the writer sleeps until woken. */
  boolean idle() {
    return writtenSinceFlush == 0;
  }

  /** Lines written that neither a flush nor a force has covered yet. */
  void written(int lines) {
    writtenSinceForce += lines;
    writtenSinceFlush += lines;
  }

  /** Lines were written and forced to disk together ({@code durability = fsync}). */
  void forcedWithWrite(long nowNanos) {
    lastForceNanos = nowNanos;
    writtenSinceForce = 0;
  }

  /** How long until a flush or a force is due; {@code idleWait} when neither is. */
  long untilDue(long nowNanos, long idleWait) {
    long wait = idleWait;
    if (writtenSinceForce > 0) {
      wait = Math.min(wait, lastForceNanos + fsyncIntervalNanos - nowNanos);
    }
    if (writtenSinceFlush > 0) {
      wait = Math.min(wait, lastFlushNanos + FLUSH_INTERVAL_NANOS - nowNanos);
    }
    return wait;
  }

  /**
   * What is due now, taken: the next is counted from now. When closing, whatever was written is due
   * at once.
   */
  Due take(long nowNanos, boolean closing) {
    boolean forceDue =
        writtenSinceForce > 0 && (closing || nowNanos - lastForceNanos >= fsyncIntervalNanos);
    if (forceDue) {
      lastForceNanos = nowNanos;
      writtenSinceForce = 0;
    } else if (writtenSinceFlush == 0
        || (!closing && nowNanos - lastFlushNanos < FLUSH_INTERVAL_NANOS)) {
      return Due.NOTHING;
    }
    lastFlushNanos = nowNanos;
    writtenSinceFlush = 0;
    return forceDue ? Due.MOVE_AND_FORCE : Due.MOVE;
  }
}
