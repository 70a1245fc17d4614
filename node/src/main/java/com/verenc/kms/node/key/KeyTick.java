package com.verenc.kms.node.key;

import com.verenc.kms.node.CborSerializable;

/**
 * What the zone's sweepers tell a key whose schedule row says it is due; nobody waits for an
 * answer.
 */
public enum KeyTick implements KeyMessage, CborSerializable {
  /** Destroy the key if its deletion date has passed. */
  DESTROY_IF_DUE,
  /** Rotate the key automatically if its rotation date has passed. */
  ROTATE_IF_DUE,
  /** Push the shared state to every zone that has not acknowledged it. */
  PUSH_PENDING,
  /** Delete the imported key material if its ValidTo has passed. */
  EXPIRE_IF_DUE
}
