package com.verenc.kms.node.key;

import com.verenc.kms.node.key.model.KeyUse;
import com.verenc.kms.node.key.model.UsageRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The last use of one key in this zone, as its entity knows it: uses it served itself and those its
 * resident publications served (they report with {@link ResidentUsage}). It is written to the
 * journal at most once an hour per key, so tracking costs no database write per request; a crash
 * forgets at most the last hour.
 */
final class UsageTracker {
  /** How long a recorded use stands before a newer one is written. */
  static final Duration RECORD_EVERY = Duration.ofHours(1);

  private final Instant startedAt;
  private KeyUse latest;
  private ResidentUsage published;

  UsageTracker(Instant startedAt) {
    this.startedAt = startedAt;
  }

  /** A request the entity served with {@code action} at {@code at}. */
  void served(String action, Instant at) {
    String operation = KeyUse.operationOf(action);
    if (operation != null) {
      latest = KeyUse.latest(latest, new KeyUse(operation, at));
    }
  }

  /** The resident publication now reporting uses; the one it replaces has its last use kept. */
  void published(ResidentUsage usage) {
    if (published != null) {
      latest = KeyUse.latest(latest, published.last());
    }
    published = usage;
  }

  KeyUse latest() {
    return KeyUse.latest(latest, published == null ? null : published.last());
  }

  /** Since when uses are known: the recorded tracking start, else this entity's start. */
  Instant trackingSince(UsageRecord recorded) {
    return recorded != null && recorded.trackingSince() != null
        ? recorded.trackingSince()
        : startedAt;
  }

  /** When a resident publication should ask for its uses to be written. */
  static Instant recordFrom(UsageRecord recorded) {
    return recorded == null || recorded.lastUse() == null
        ? Instant.MIN
        : recorded.lastUse().at().plus(RECORD_EVERY);
  }

  /**
   * The event that writes the latest use down, when it is newer than the recorded one and that one
   * is at least an hour old (or there is none).
   */
  Optional<KeyEvent> due(UsageRecord recorded, Instant now) {
    KeyUse use = latest();
    KeyUse written = recorded == null ? null : recorded.lastUse();
    if (use == null
        || (written != null
            && (!use.at().isAfter(written.at())
                || now.isBefore(written.at().plus(RECORD_EVERY))))) {
      return Optional.empty();
    }
    return Optional.of(new KeyEvent.UsageRecorded(use, trackingSince(recorded)));
  }
}
