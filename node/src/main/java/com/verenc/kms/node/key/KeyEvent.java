package com.verenc.kms.node.key;

import com.verenc.kms.node.CborSerializable;
import com.verenc.kms.node.grant.Grant;
import com.verenc.kms.node.key.model.ImportedMaterial;
import com.verenc.kms.node.key.model.KeyIdentity;
import com.verenc.kms.node.key.model.MaterialVersion;
import com.verenc.kms.node.replication.ReplicaSeed;
import com.verenc.kms.node.replication.SharedState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What happened to a key; persisted in the zone's journal. Material appears only wrapped. */
public sealed interface KeyEvent extends CborSerializable {

  /**
   * A key was created here with its first material version (null for a key whose material will be
   * imported); it rotates yearly and, when multi-zone, is the primary of its set.
   */
  record KeyCreated(
      Instant at, KeyIdentity identity, KeySettings settings, MaterialVersion material)
      implements KeyEvent {}

  /**
   * A replica came to exist here from its primary's shared state (persisted without the key's
   * secret, which lives in the zone's secret table only), with its own settings.
   */
  record ReplicaCreated(Instant at, SharedState state, KeySettings settings) implements KeyEvent {}

  record Enabled(Instant at) implements KeyEvent {}

  record Disabled(Instant at) implements KeyEvent {}

  record DeletionScheduled(Instant at, Instant deletionDate, int pendingWindowInDays)
      implements KeyEvent {}

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

  /** The primary gained a replica in {@code zone}, to be created with {@code seed}. */
  record ReplicaAdded(Instant at, String zone, ReplicaSeed seed) implements KeyEvent {}

  record ReplicaAcknowledged(String zone, int version) implements KeyEvent {}

  /**
   * {@code zone} was found to hold only {@code version}, below what it had acknowledged (its
   * database was restored, or lost what it took): the primary records the zone's word and pushes
   * again.
   */
  record ReplicaVersionReported(String zone, int version) implements KeyEvent {}

  /** A replica took a newer shared state (persisted without the key's secret). */
  record SharedStateApplied(SharedState state) implements KeyEvent {}

  /** This primary handed the primary role to its replica in {@code newPrimaryZone}. */
  record PrimaryMoved(Instant at, String newPrimaryZone) implements KeyEvent {}

  record Destroyed(Instant at) implements KeyEvent {}

  /**
   * The operator retired {@code zone}: it is no longer one of this key's replica zones, nothing is
   * pushed there, and a primary pushes the smaller set to the remaining replicas.
   */
  record ZoneRetired(Instant at, String zone) implements KeyEvent {}

  /**
   * Material imported by the key's owner, wrapped: the first, or one imported before again (its
   * version decrypts again, and encrypts if current).
   */
  record MaterialImported(Instant at, MaterialVersion material, ImportedMaterial imported)
      implements KeyEvent {}

  /** New material imported for an on-demand rotation: it becomes current when the key rotates. */
  record RotationMaterialImported(Instant at, MaterialVersion material, ImportedMaterial imported)
      implements KeyEvent {}

  /** RotateKeyOnDemand of an imported key: the material awaiting rotation became current. */
  record ImportedMaterialRotated(Instant at) implements KeyEvent {}

  /**
   * The owner deleted imported material (or it expired): that of {@code version}, or the current
   * one when null (as journals from before versions say). Without current material the key awaits
   * an import again.
   */
  record ImportedMaterialDeleted(Instant at, Integer version) implements KeyEvent {}

  /** A grant was made on the key in this zone (grants are never replicated). */
  record GrantCreated(Grant grant) implements KeyEvent {}

  /** The grant was retired by its retiring principal, its grantee or a principal allowed to. */
  record GrantRetired(Instant at, String grantId) implements KeyEvent {}

  /** The grant was revoked by a principal allowed kms:RevokeGrant. */
  record GrantRevoked(Instant at, String grantId) implements KeyEvent {}
}
