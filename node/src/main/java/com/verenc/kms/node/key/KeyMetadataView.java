package com.verenc.kms.node.key;

import com.verenc.kms.node.key.model.ImportedMaterial;
import com.verenc.kms.node.key.model.KeyAlgorithms;
import com.verenc.kms.node.replication.Replication;
import com.verenc.kms.node.replication.Role;
import com.verenc.kms.protocol.Arns;
import com.verenc.kms.protocol.model.KeyMetadata;
import com.verenc.kms.protocol.model.KeyState;
import com.verenc.kms.protocol.model.MultiRegionConfiguration;
import com.verenc.kms.protocol.model.MultiRegionKey;
import java.time.Instant;
import java.util.List;

/** Renders a key record as the KeyMetadata structure of the API. */
final class KeyMetadataView {

  private KeyMetadataView() {}

  static KeyState stateOf(KeyRecord key, Instant now) {
    if (key.pendingDeletion()) {
      return KeyState.PENDING_DELETION;
    }
    if (key.awaitingImport(now)) {
      return KeyState.PENDING_IMPORT;
    }
    return key.enabled() ? KeyState.ENABLED : KeyState.DISABLED;
  }

  /** The key as {@code arns}' zone, where it lives, shows it at {@code now}. */
  static KeyMetadata of(KeyRecord key, Arns arns, Instant now) {
    KeyState state = stateOf(key, now);
    return metadata(
        key,
        arns.key(key.accountId(), key.keyId()),
        key.settings().description(),
        state,
        multiRegion(key, arns));
  }

  /**
   * The replica ReplicateKey promises: Creating until it has received the primary's state, with the
   * ARN it has in its own zone.
   */
  static KeyMetadata replicaPreview(
      KeyRecord primary, String replicaZone, String description, Arns arns) {
    Replication r = primary.replication();
    String account = primary.accountId();
    MultiRegionConfiguration config =
        new MultiRegionConfiguration(
            Role.REPLICA.name(),
            new MultiRegionKey(
                arns.key(account, primary.keyId(), r.primaryZone()), r.primaryZone(), null),
            r.replicaZones().stream()
                .map(z -> new MultiRegionKey(arns.key(account, primary.keyId(), z), z, null))
                .toList(),
            null);
    return metadata(
        primary,
        arns.key(account, primary.keyId(), replicaZone),
        description,
        KeyState.CREATING,
        config);
  }

  private static KeyMetadata metadata(
      KeyRecord key,
      String arn,
      String description,
      KeyState state,
      MultiRegionConfiguration multiRegion) {
    var identity = key.identity();
    String spec = identity.keySpec().name();
    KeyAlgorithms algorithms = identity.type().algorithms(identity.keyUsage());
    ImportedMaterial imported = key.materials().imported();
    // Material past its ValidTo is gone as if deleted (AWS deletes it): PendingImport shows none.
    boolean hasImported =
        imported != null && imported.present() && state != KeyState.PENDING_IMPORT;
    return new KeyMetadata(
        identity.accountId(),
        identity.keyId(),
        arn,
        identity.createdAt(),
        state == KeyState.ENABLED,
        description,
        identity.keyUsage().name(),
        state,
        key.pendingDeletion() ? key.deletion().deletionDate() : null,
        hasImported ? imported.validTo() : null,
        identity.origin().name(),
        identity.keyManager().name(),
        spec,
        spec,
        KeyAlgorithms.onWire(algorithms.encryption()),
        identity.multiRegion(),
        multiRegion,
        key.pendingDeletion() ? key.deletion().pendingWindowInDays() : null,
        key.rotation().nextRotationDate(),
        KeyAlgorithms.onWire(algorithms.signing()),
        KeyAlgorithms.onWire(algorithms.keyAgreement()),
        KeyAlgorithms.onWire(algorithms.mac()),
        hasImported ? imported.expirationModel() : null,
        hasImported ? imported.keyMaterialId() : null);
  }

  /**
   * Each key of the set named by its ARN in its own zone (one ARN for all in the seed dialect); the
   * primary's view also shows, per replica, the shared-state version that replica has acknowledged.
   */
  private static MultiRegionConfiguration multiRegion(KeyRecord key, Arns arns) {
    Replication r = key.replication();
    if (r == null) {
      return null;
    }
    List<MultiRegionKey> replicas =
        r.replicaZones().stream()
            .map(
                z ->
                    new MultiRegionKey(
                        arns.key(key.accountId(), key.keyId(), z),
                        z,
                        r.isPrimary() ? r.acknowledged(z) : null))
            .toList();
    return new MultiRegionConfiguration(
        r.role().name(),
        new MultiRegionKey(
            arns.key(key.accountId(), key.keyId(), r.primaryZone()), r.primaryZone(), null),
        replicas,
        r.version());
  }
}
