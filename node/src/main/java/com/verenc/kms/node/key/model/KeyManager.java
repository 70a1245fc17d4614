package com.verenc.kms.node.key.model;

/** Who manages a key, as the KeyManager member names it. */
public enum KeyManager {
  /** A key an account created and manages. */
  CUSTOMER,
  /** A platform-managed key: the account's Default Organization Key. */
  AWS
}
