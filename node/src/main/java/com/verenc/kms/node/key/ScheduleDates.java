package com.verenc.kms.node.key;

import java.time.Instant;

/**
 * When a key is next due for something a zone sweeper does (null: nothing due): destruction,
 * automatic rotation, a replication push, the expiry of its imported material.
 */
public record ScheduleDates(
    Instant deletionDate, Instant nextRotation, Instant nextPush, Instant materialExpiry) {

  public static final ScheduleDates NONE = new ScheduleDates(null, null, null, null);

  /** Nothing is due: the key has no row. */
  public boolean isEmpty() {
    return deletionDate == null
        && nextRotation == null
        && nextPush == null
        && materialExpiry == null;
  }

  static ScheduleDates of(KeyRecord key, String zone) {
    boolean pushDue = key.replication() != null && !key.replication().pendingZones(zone).isEmpty();
    return new ScheduleDates(
        key.pendingDeletion() ? key.deletion().deletionDate() : null,
        key.nextAutomaticRotation(),
        pushDue ? Instant.EPOCH : null,
        key.materialExpiry());
  }
}
