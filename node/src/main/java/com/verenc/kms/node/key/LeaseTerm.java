package com.verenc.kms.node.key;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How long a node may serve a key it holds on lease from the key's entity on another node ({@link
 * ZoneLeases}): until its deadline, counted on this node's monotonic clock from the moment it asked
 * (so never later than the entity believes). Past half of it, the next request asks for a renewal.
 */
final class LeaseTerm {
  private volatile long deadlineNanos;
  private volatile long renewAtNanos;
  private final AtomicBoolean renewing = new AtomicBoolean();
  private final Runnable renew;

  LeaseTerm(long askedAtNanos, long leaseNanos, Runnable renew) {
    this.renew = renew;
    extend(askedAtNanos, leaseNanos);
  }

  /** A renewal asked for at {@code askedAtNanos} was granted. */
  void extend(long askedAtNanos, long leaseNanos) {
    deadlineNanos = askedAtNanos + leaseNanos;
    renewAtNanos = askedAtNanos + leaseNanos / 2;
    renewing.set(false);
  }

  /** Whether the lease still runs now; asks for its renewal once past half of it. */
  boolean running() {
    long now = System.nanoTime();
    if (now - deadlineNanos >= 0) {
      return false;
    }
    if (now - renewAtNanos >= 0 && renewing.compareAndSet(false, true)) {
      renew.run();
    }
    return true;
  }

  /** Whether the lease has run out (nothing renewed it). */
  boolean ended() {
    return System.nanoTime() - deadlineNanos >= 0;
  }

  /** A renewal that was refused or lost: the next request past half of the lease asks again. */
  void renewalAnswered() {
    renewing.set(false);
  }
}
