package com.verenc.kms.node.key.model;

/** The cryptographic operations a key type may serve. */
public enum CryptoOperation {
  ENCRYPT,
  DECRYPT,
  GENERATE_DATA_KEY,
  GENERATE_MAC,
  VERIFY_MAC,
  SIGN,
  VERIFY,
  GET_PUBLIC_KEY,
  DERIVE_SHARED_SECRET
}
