package com.verenc.kms.node.key;

import com.verenc.kms.node.CborSerializable;
import com.verenc.kms.node.grant.KeyGrants;
import com.verenc.kms.node.key.model.DeletionSchedule;
import com.verenc.kms.node.key.model.KeyIdentity;
import com.verenc.kms.node.key.model.MaterialHistory;
import com.verenc.kms.node.key.model.MaterialVersion;
import com.verenc.kms.node.key.model.Origin;
import com.verenc.kms.node.key.model.RotationSettings;
import com.verenc.kms.node.replication.Replication;
import com.verenc.kms.node.replication.SharedState;
import java.time.Instant;
import java.util.Map;

/**
 * Everything the zone knows about one live key, in its parts: what it is, this zone's own settings,
 * its material history, automatic rotation, a scheduled deletion (null when none), for a multi-zone
 * key its place in the set (null otherwise), and this zone's grants on it (never shared with other
 * zones, as AWS's grants are per Region). Immutable; changed only by events.
 */
public record KeyRecord(
    KeyIdentity identity,
    KeySettings settings,
    MaterialHistory materials,
    RotationSettings rotation,
    DeletionSchedule deletion,
    Replication replication,
    KeyGrants grants)
    implements CborSerializable {

  public KeyRecord {
    // Snapshots written before grants existed have none.
    grants = grants == null ? KeyGrants.NONE : grants;
  }

  public String accountId() {
    return identity.accountId();
  }

  public String keyId() {
    return identity.keyId();
  }

  public boolean enabled() {
    return settings.enabled();
  }

  public boolean pendingDeletion() {
    return deletion != null;
  }

  public boolean isReplica() {
    return replication != null && !replication.isPrimary();
  }

  /**
   * A key of imported material with none usable at {@code now}: never imported, deleted, or past
   * its ValidTo (AWS shows it PendingImport).
   */
  public boolean awaitingImport(Instant now) {
    return identity.origin() == Origin.EXTERNAL
        && (materials.isEmpty() || !materials.imported().usableAt(now));
  }

  /** When imported material next expires, while there is material to expire (null: never). */
  public Instant materialExpiry() {
    return materials.nextExpiry();
  }

  public boolean isPrimary() {
    return replication != null && replication.isPrimary();
  }

  /**
   * When this zone rotates the key automatically: only usable keys of a rotating type, and of a
   * multi-zone set only the primary (replicas receive its versions); a disabled key rotates when it
   * is enabled again, if overdue.
   */
  public Instant nextAutomaticRotation() {
    return enabled() && !pendingDeletion() && !isReplica() && identity.type().rotates()
        ? rotation.nextRotationDate()
        : null;
  }

  /**
   * The shared part as the primary pushes it, with the key's secret wrapped under the master key.
   */
  SharedState shared(byte[] secretWrappedUnderMasterKey) {
    return SharedState.of(
        identity, materials, rotation, deletion, replication, secretWrappedUnderMasterKey);
  }

  /** A change to the shared part of a primary: its replicas must receive a new version. */
  KeyRecord sharedChange() {
    return isPrimary() ? withReplication(replication.bumped()) : this;
  }

  KeyRecord withSettings(KeySettings value) {
    return new KeyRecord(identity, value, materials, rotation, deletion, replication, grants);
  }

  KeyRecord withDeletion(DeletionSchedule value) {
    return new KeyRecord(identity, settings, materials, rotation, value, replication, grants);
  }

  KeyRecord withRotation(RotationSettings value) {
    return new KeyRecord(identity, settings, materials, value, deletion, replication, grants);
  }

  KeyRecord withMaterial(MaterialVersion version) {
    return new KeyRecord(
        identity,
        settings,
        materials.with(version),
        rotation.after(version),
        deletion,
        replication,
        grants);
  }

  KeyRecord withMaterials(MaterialHistory value) {
    return new KeyRecord(identity, settings, value, rotation, deletion, replication, grants);
  }

  KeyRecord withReplication(Replication value) {
    return new KeyRecord(identity, settings, materials, rotation, deletion, value, grants);
  }

  KeyRecord withGrants(KeyGrants value) {
    return new KeyRecord(identity, settings, materials, rotation, deletion, replication, value);
  }

  /**
   * This replica with a newer shared state applied; its own settings stay, and so does material it
   * imported itself. A deletion cancelled on the primary leaves the replica disabled, as AWS leaves
   * the primary.
   */
  KeyRecord applying(SharedState s, String zone) {
    boolean cancelled = deletion != null && s.deletion() == null;
    return new KeyRecord(
        identity,
        settings.withEnabled(enabled() && !cancelled),
        identity.origin() == Origin.EXTERNAL
            ? materials.knowing(s.materialHistory().imported())
            : s.materialHistory(),
        s.rotation(),
        s.deletion(),
        Replication.seenFrom(zone, s, replication.acks()),
        grants);
  }

  /**
   * A key created in {@code zone}: it rotates yearly when its spec rotates and, when multi-zone, is
   * the primary of its set.
   */
  static KeyRecord created(KeyEvent.KeyCreated event, String zone) {
    KeyIdentity identity = event.identity();
    return new KeyRecord(
        identity,
        event.settings(),
        MaterialHistory.of(event.material()),
        identity.type().rotates() && identity.origin() == Origin.AWS_KMS
            ? RotationSettings.byDefault(event.at())
            : RotationSettings.never(event.at()),
        null,
        identity.multiRegion() ? Replication.newPrimary(zone) : null,
        KeyGrants.NONE);
  }

  /**
   * A new replica in {@code zone}, from the primary's shared state and the replica's own settings.
   */
  static KeyRecord replicaOf(SharedState s, KeySettings settings, String zone) {
    return new KeyRecord(
        s.identity(),
        settings,
        s.materialHistory(),
        s.rotation(),
        s.deletion(),
        Replication.seenFrom(zone, s, Map.of()),
        KeyGrants.NONE);
  }
}
