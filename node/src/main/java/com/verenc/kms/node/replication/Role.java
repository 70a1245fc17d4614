package com.verenc.kms.node.replication;

/** A multi-zone key's part in its set, as MultiRegionKeyType names it. */
public enum Role {
  PRIMARY,
  REPLICA
}
