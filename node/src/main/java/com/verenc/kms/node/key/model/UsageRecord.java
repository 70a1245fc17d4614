package com.verenc.kms.node.key.model;

import com.verenc.kms.node.CborSerializable;
import java.time.Instant;

/**
 * What this zone has written down about a key's use: since when it tracks (the key's creation, for
 * keys created since tracking exists) and the last use recorded (null: none yet).
 */
public record UsageRecord(Instant trackingSince, KeyUse lastUse) implements CborSerializable {

  public UsageRecord with(KeyUse use) {
    return new UsageRecord(trackingSince, use);
  }
}
