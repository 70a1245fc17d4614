package com.verenc.kms.node.key;

import com.verenc.kms.node.CborSerializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What happened to a key; persisted in the zone's journal. Material appears only wrapped. */
public sealed interface KeyEvent extends CborSerializable {

  record Created(KeyRecord key) implements KeyEvent {}

  record Enabled(Instant at) implements KeyEvent {}

  record Disabled(Instant at) implements KeyEvent {}

  record DeletionScheduled(Instant at, Instant deletionDate, int pendingWindowInDays) implements KeyEvent {}

  /** As in AWS KMS, a key whose deletion is cancelled comes back disabled. */
  record DeletionCancelled(Instant at) implements KeyEvent {}

  record DescriptionUpdated(Instant at, String description) implements KeyEvent {}

  record TagsSet(Instant at, Map<String, String> tags) implements KeyEvent {}

  record TagsRemoved(Instant at, List<String> tagKeys) implements KeyEvent {}

  record PolicyPut(Instant at, String policy) implements KeyEvent {}

  record RotationEnabled(Instant at, int rotationPeriodInDays) implements KeyEvent {}

  record RotationDisabled(Instant at) implements KeyEvent {}

  /** A new material version, wrapped, that from now on encrypts; older ones still decrypt. */
  record Rotated(MaterialVersion material) implements KeyEvent {}

  /** The primary gained a replica in {@code zone}. */
  record ReplicaAdded(Instant at, String zone, Replication.ReplicaSeed seed) implements KeyEvent {}

  record ReplicaAcknowledged(String zone, int version) implements KeyEvent {}

  /**
   * A replica took a newer shared state. Persisted without the key's secret (which lives in
   * the zone's secret table only), so erasing that table's row still shreds the key.
   */
  record SharedStateApplied(SharedState state) implements KeyEvent {}

  /** This primary handed the primary role to its replica in {@code newPrimaryZone}. */
  record PrimaryMoved(Instant at, String newPrimaryZone) implements KeyEvent {}

  record Destroyed(Instant at) implements KeyEvent {}
}
