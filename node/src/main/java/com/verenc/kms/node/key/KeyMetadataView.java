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

  static KeyMetadata of(KeyRecord key, String zone) {
    KeyState state = stateOf(key);
    return metadata(key, key.description(), state, multiRegion(key, zone));
  }

  /** The replica ReplicateKey promises: Creating until it has received the primary's state. */
  static KeyMetadata replicaPreview(KeyRecord primary, String replicaZone, String description) {
    Replication r = primary.replication();
    String arn = Arns.key(primary.accountId(), primary.keyId());
    MultiRegionConfiguration config = new MultiRegionConfiguration(Replication.REPLICA,
        new MultiRegionKey(arn, r.primaryZone(), null),
        r.replicaZones().stream().map(z -> new MultiRegionKey(arn, z, null)).toList(), null);
    return metadata(primary, description, KeyState.CREATING, config);
  }

  private static KeyMetadata metadata(KeyRecord key, String description, KeyState state,
      MultiRegionConfiguration multiRegion) {
    String arn = Arns.key(key.accountId(), key.keyId());
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
   * Every key of the set carries the same ARN; the primary's view also shows, per replica,
   * the shared-state version that replica has acknowledged.
   */
  private static MultiRegionConfiguration multiRegion(KeyRecord key, String zone) {
    Replication r = key.replication();
    if (r == null) {
      return null;
    }
    String arn = Arns.key(key.accountId(), key.keyId());
    List<MultiRegionKey> replicas = r.replicaZones().stream()
        .map(z -> new MultiRegionKey(arn, z, r.isPrimary() ? r.acknowledged(z) : null))
        .toList();
    return new MultiRegionConfiguration(r.role(), new MultiRegionKey(arn, r.primaryZone(), null), replicas,
        r.version());
  }
}
