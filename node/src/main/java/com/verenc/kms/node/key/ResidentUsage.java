package com.verenc.kms.node.key;

import com.verenc.kms.node.key.model.KeyUse;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The uses one resident publication of a key served, for its entity: the last one, and a single
 * request to write it down once the recorded use is an hour old.
 */
final class ResidentUsage {
  private final AtomicReference<KeyUse> last = new AtomicReference<>();
  private final AtomicBoolean asked = new AtomicBoolean();
  private final Instant recordFrom;
  private final Runnable askToRecord;

  ResidentUsage(Instant recordFrom, Runnable askToRecord) {
    this.recordFrom = recordFrom;
    this.askToRecord = askToRecord;
  }

  void used(String action, Instant at) {
    String operation = KeyUse.operationOf(action);
    if (operation == null) {
      return;
    }
    last.accumulateAndGet(new KeyUse(operation, at), KeyUse::latest);
    if (!at.isBefore(recordFrom) && asked.compareAndSet(false, true)) {
      askToRecord.run();
    }
  }

  KeyUse last() {
    return last.get();
  }
}
