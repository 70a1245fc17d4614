package com.verenc.kms.node.key;

import com.verenc.kms.protocol.Arns;
import com.verenc.kms.protocol.model.KeyMetadata;
import com.verenc.kms.protocol.model.KeyState;
import com.verenc.kms.protocol.model.MultiRegionConfiguration;
import com.verenc.kms.protocol.model.MultiRegionKey;
import java.util.List;

/** Renders a key record as the KeyMetadata structure of the API. */
final class KeyMetadataView {
  private static final List<String> SYMMETRIC_ALGORITHMS = List.of("SYMMETRIC_DEFAULT");

  private KeyMetadataView() {}

  static KeyState stateOf(KeyRecord key) {
    if (key.pendingDeletion()) {
      return KeyState.PENDING_DELETION;
    }
    return key.enabled() ? KeyState.ENABLED : KeyState.DISABLED;
  }

  /** The key as {@code arns}' zone, where it lives, shows it. */
  static KeyMetadata of(KeyRecord key, Arns arns) {
    KeyState state = stateOf(key);
    return metadata(key, arns.key(key.accountId(), key.keyId()), key.description(), state, multiRegion(key, arns));
  }

  /**
   * The replica ReplicateKey promises: Creating until it has received the primary's state, with
   * the ARN it has in its own zone.
   */
  static KeyMetadata replicaPreview(KeyRecord primary, String replicaZone, String description, Arns arns) {
    Replication r = primary.replication();
    String account = primary.accountId();
    MultiRegionConfiguration config = new MultiRegionConfiguration(Replication.REPLICA,
        new MultiRegionKey(arns.key(account, primary.keyId(), r.primaryZone()), r.primaryZone(), null),
        r.replicaZones().stream().map(z -> new MultiRegionKey(arns.key(account, primary.keyId(), z), z, null))
            .toList(), null);
    return metadata(primary, arns.key(account, primary.keyId(), replicaZone), description, KeyState.CREATING, config);
  }

  private static KeyMetadata metadata(KeyRecord key, String arn, String description, KeyState state,
      MultiRegionConfiguration multiRegion) {
    return new KeyMetadata(
        key.accountId(),
        key.keyId(),
        arn,
        key.createdAt(),
        state == KeyState.ENABLED,
        description,
        key.keyUsage(),
        state,
        key.deletionDate(),
        null,
        key.origin(),
        key.keyManager(),
        key.keySpec(),
        key.keySpec(),
        SYMMETRIC_ALGORITHMS,
        key.multiRegion(),
        multiRegion,
        key.pendingWindowInDays(),
        key.nextRotationDate());
  }

  /**
   * Each key of the set named by its ARN in its own zone (one ARN for all in the seed dialect);
   * the primary's view also shows, per replica, the shared-state version that replica has
   * acknowledged.
   */
  private static MultiRegionConfiguration multiRegion(KeyRecord key, Arns arns) {
    Replication r = key.replication();
    if (r == null) {
      return null;
    }
    List<MultiRegionKey> replicas = r.replicaZones().stream()
        .map(z -> new MultiRegionKey(arns.key(key.accountId(), key.keyId(), z), z,
            r.isPrimary() ? r.acknowledged(z) : null))
        .toList();
    return new MultiRegionConfiguration(r.role(),
        new MultiRegionKey(arns.key(key.accountId(), key.keyId(), r.primaryZone()), r.primaryZone(), null), replicas,
        r.version());
  }
}
