package com.verenc.kms.node.key;

import com.verenc.kms.node.CborSerializable;
import com.verenc.kms.node.replication.SharedState;

/**
 * The creation event of journal version 1, which held the whole new key: read from old journals
 * only, and replayed as the fact it stated ({@link KeyEvent.KeyCreated} or, for a replica, {@link
 * KeyEvent.ReplicaCreated}).
 */
public record LegacyCreated(KeyRecord key) implements CborSerializable {

  /**
   * The fact, as {@code zone} recorded it: a key created here is exactly what {@link
   * KeyRecord#created} makes of its first version; anything else came from a primary's shared state
   * (a replica, or a key that became primary here before its first state arrived).
   */
  KeyEvent asFact(String zone) {
    KeyEvent.KeyCreated created =
        new KeyEvent.KeyCreated(
            key.identity().createdAt(),
            key.identity(),
            key.settings(),
            key.materials().versions().get(0));
    if (KeyRecord.created(created, zone).equals(key)) {
      return created;
    }
    SharedState state =
        SharedState.of(
            key.identity(),
            key.materials(),
            key.rotation(),
            key.deletion(),
            key.replication(),
            null);
    return new KeyEvent.ReplicaCreated(key.identity().createdAt(), state, key.settings());
  }
}
