package com.verenc.kms.node.persistence.breaker;

import org.apache.pekko.pattern.CircuitBreaker;

/** The state of a Pekko circuit breaker, as it is at the moment it is read. */
public enum BreakerState {
  CLOSED,
  OPEN,
  HALF_OPEN;

  static BreakerState of(CircuitBreaker breaker) {
    if (breaker.isClosed()) {
      return CLOSED;
    }
    return breaker.isHalfOpen() ? HALF_OPEN : OPEN;
  }

  /**
   * Whether calls to the database fail fast: when open all of them, when half-open all but the one
   * probe call.
   */
  public boolean refusesCalls() {
    return this != CLOSED;
  }
}
