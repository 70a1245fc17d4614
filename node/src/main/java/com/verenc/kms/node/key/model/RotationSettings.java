package com.verenc.kms.node.key.model;

import com.verenc.kms.node.CborSerializable;
import java.time.Duration;
import java.time.Instant;

/**
 * Automatic rotation of a key: every {@code periodInDays} counted from {@code anchor}, the moment
 * rotation was last enabled or the key last rotated automatically.
 */
public record RotationSettings(boolean enabled, int periodInDays, Instant anchor)
    implements CborSerializable {

  public static final int DEFAULT_PERIOD_DAYS = 365;

  /** Customer keys rotate yearly unless told otherwise, as the product's rotation page says. */
  public static RotationSettings byDefault(Instant createdAt) {
    return new RotationSettings(true, DEFAULT_PERIOD_DAYS, createdAt);
  }

  /** Keys of a spec that does not rotate: rotation is off and cannot be turned on. */
  public static RotationSettings never(Instant createdAt) {
    return new RotationSettings(false, DEFAULT_PERIOD_DAYS, createdAt);
  }

  /** When the next automatic rotation is due; null while rotation is disabled. */
  public Instant nextRotationDate() {
    return enabled ? anchor.plus(Duration.ofDays(periodInDays)) : null;
  }

  public RotationSettings enabledAt(Instant at, int period) {
    return new RotationSettings(true, period, at);
  }

  public RotationSettings disabled() {
    return new RotationSettings(false, periodInDays, anchor);
  }

  /** After a new material version: automatic rotations restart the count, others do not. */
  public RotationSettings after(MaterialVersion version) {
    return version.rotationType() == RotationType.AUTOMATIC
        ? new RotationSettings(enabled, periodInDays, version.createdAt())
        : this;
  }
}
