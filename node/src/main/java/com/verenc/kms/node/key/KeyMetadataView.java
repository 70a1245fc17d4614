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
    String arn = Arns.key(key.accountId(), key.keyId());
    KeyState state = stateOf(key);
    MultiRegionConfiguration multiRegion = key.multiRegion()
        ? new MultiRegionConfiguration("PRIMARY", new MultiRegionKey(arn, zone), List.of())
        : null;
    return new KeyMetadata(
        key.accountId(),
        key.keyId(),
        arn,
        key.createdAt(),
        state == KeyState.ENABLED,
        key.description(),
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
}
