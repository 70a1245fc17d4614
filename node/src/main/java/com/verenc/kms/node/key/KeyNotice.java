package com.verenc.kms.node.key;

import com.verenc.kms.node.CborSerializable;

/**
 * What other parts of the installation tell a key without waiting for an answer, beyond the
 * sweepers' {@link KeyTick}s.
 */
public sealed interface KeyNotice extends KeyMessage, CborSerializable {

  /**
   * For a multi-zone primary: {@code zone} holds the key's shared state at {@code version} (null:
   * not known, the zone's index has no row for the key). Told by the replica itself when it
   * recovers, and by this zone's anti-entropy when the zones' version digests differ. The primary
   * pushes again to a zone behind its current version, whatever that zone acknowledged before.
   */
  record ReplicaHolds(String zone, Integer version) implements KeyNotice {}
}
