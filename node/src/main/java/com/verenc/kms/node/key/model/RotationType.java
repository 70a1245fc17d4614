package com.verenc.kms.node.key.model;

/** How a material version came to be, as ListKeyRotations names it. */
public enum RotationType {
  AUTOMATIC,
  ON_DEMAND
}
