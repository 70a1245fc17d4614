package com.verenc.kms.node.key.model;

/** The cryptographic operations a key type may serve. */
public enum CryptoOperation {
  ENCRYPT,
  DECRYPT,
  GENERATE_DATA_KEY
}
