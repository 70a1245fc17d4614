package com.verenc.kms.node.quota;

/**
 * A request-rate limiter: holds up to one second of requests and refills continuously at the rate,
 * so a steady client at the rate is never refused and a burst gets one second's worth.
 */
final class TokenBucket {
  private static final double NANOS_PER_SECOND = 1e9;

  private final double ratePerSecond;
  private final double capacity;
  private double tokens;
  private long refilledAt;

  TokenBucket(double ratePerSecond, long nowNanos) {
    this.ratePerSecond = ratePerSecond;
    this.capacity = Math.max(1, ratePerSecond);
    this.tokens = capacity;
    this.refilledAt = nowNanos;
  }

  /** Takes one token if there is one. */
  synchronized boolean tryTake(long nowNanos) {
    long elapsed = nowNanos - refilledAt;
    if (elapsed > 0) {
      tokens = Math.min(capacity, tokens + elapsed * ratePerSecond / NANOS_PER_SECOND);
      refilledAt = nowNanos;
    }
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
