package com.verenc.kms.node.replication;

import com.verenc.kms.node.CborSerializable;
import com.verenc.kms.node.key.model.DeletionSchedule;
import com.verenc.kms.node.key.model.ImportedMaterial;
import com.verenc.kms.node.key.model.KeyIdentity;
import com.verenc.kms.node.key.model.KeyManager;
import com.verenc.kms.node.key.model.KeySpec;
import com.verenc.kms.node.key.model.KeyUsage;
import com.verenc.kms.node.key.model.MaterialHistory;
import com.verenc.kms.node.key.model.MaterialVersion;
import com.verenc.kms.node.key.model.Origin;
import com.verenc.kms.node.key.model.RotationSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The part of a multi-zone key its primary pushes to every replica, at one version. The key's
 * secret travels wrapped under the installation master key and the material versions wrapped under
 * that secret: nothing in the message is usable without the master key. The secret is never
 * persisted with the state (it lives in each zone's secret table only). {@code seeds} are the
 * ReplicateKey settings of zones that have no replica yet, so a primary that moves before they are
 * created still creates them as asked. {@code zones} are the replica zones.
 *
 * <p>A key of imported material (Origin EXTERNAL) pushes no material: every zone imports its own,
 * as AWS requires. It pushes {@code importedFingerprint} instead (null until the primary's first
 * import), by which each replica refuses material that differs.
 */
public record SharedState(
    String accountId,
    String keyId,
    int version,
    Instant createdAt,
    KeyUsage keyUsage,
    KeySpec keySpec,
    Origin origin,
    KeyManager keyManager,
    byte[] secretWrappedUnderMasterKey,
    List<MaterialVersion> materials,
    boolean rotationEnabled,
    int rotationPeriodInDays,
    Instant rotationAnchor,
    Instant deletionDate,
    Integer pendingWindowInDays,
    String primaryZone,
    List<String> zones,
    Map<String, ReplicaSeed> seeds,
    byte[] importedFingerprint)
    implements CborSerializable {

  /**
   * The state a primary pushes, from its parts, with the seeds of zones that acknowledged nothing
   * yet.
   */
  public static SharedState of(
      KeyIdentity identity,
      MaterialHistory materials,
      RotationSettings rotation,
      DeletionSchedule deletion,
      Replication replication,
      byte[] secretWrappedUnderMasterKey) {
    Map<String, ReplicaSeed> pendingSeeds = new TreeMap<>();
    replication
        .replicaZones()
        .forEach(
            zone -> {
              ReplicaSeed seed = replication.seedFor(zone);
              if (seed != null) {
                pendingSeeds.put(zone, seed);
              }
            });
    return new SharedState(
        identity.accountId(),
        identity.keyId(),
        replication.version(),
        identity.createdAt(),
        identity.keyUsage(),
        identity.keySpec(),
        identity.origin(),
        identity.keyManager(),
        secretWrappedUnderMasterKey,
        identity.origin() == Origin.EXTERNAL ? List.of() : materials.versions(),
        rotation.enabled(),
        rotation.periodInDays(),
        rotation.anchor(),
        deletion == null ? null : deletion.deletionDate(),
        deletion == null ? null : deletion.pendingWindowInDays(),
        replication.primaryZone(),
        replication.replicaZones(),
        Map.copyOf(pendingSeeds),
        materials.imported() == null ? null : materials.imported().fingerprint());
  }

  public KeyIdentity identity() {
    return new KeyIdentity(
        accountId, keyId, createdAt, keySpec, keyUsage, origin, keyManager, true);
  }

  /**
   * The primary's material: its versions, or for imported material only which material it is (none
   * present here until this zone imports it).
   */
  public MaterialHistory materialHistory() {
    return new MaterialHistory(
        materials,
        importedFingerprint == null ? null : ImportedMaterial.known(importedFingerprint));
  }

  public RotationSettings rotation() {
    return new RotationSettings(rotationEnabled, rotationPeriodInDays, rotationAnchor);
  }

  /** The deletion the primary scheduled; null when none is. */
  public DeletionSchedule deletion() {
    return deletionDate == null ? null : new DeletionSchedule(deletionDate, pendingWindowInDays);
  }

  /** This state as it may be persisted: without the key's secret. */
  public SharedState withoutSecret() {
    return new SharedState(
        accountId,
        keyId,
        version,
        createdAt,
        keyUsage,
        keySpec,
        origin,
        keyManager,
        null,
        materials,
        rotationEnabled,
        rotationPeriodInDays,
        rotationAnchor,
        deletionDate,
        pendingWindowInDays,
        primaryZone,
        zones,
        seeds,
        importedFingerprint);
  }
}
