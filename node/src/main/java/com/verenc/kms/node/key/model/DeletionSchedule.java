package com.verenc.kms.node.key.model;

import com.verenc.kms.node.CborSerializable;
import java.time.Instant;

/** A key's scheduled deletion: the date its material is destroyed, and the window asked for. */
public record DeletionSchedule(Instant deletionDate, int pendingWindowInDays)
    implements CborSerializable {

  public boolean isDue(Instant now) {
    return !now.isBefore(deletionDate);
  }
}
