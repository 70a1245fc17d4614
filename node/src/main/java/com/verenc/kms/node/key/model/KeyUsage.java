package com.verenc.kms.node.key.model;

/** What a key is for, as the KeyUsage member names it. */
public enum KeyUsage {
  ENCRYPT_DECRYPT,
  SIGN_VERIFY,
  GENERATE_VERIFY_MAC,
  KEY_AGREEMENT
}
