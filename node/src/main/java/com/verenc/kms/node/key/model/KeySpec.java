package com.verenc.kms.node.key.model;

import java.util.Arrays;
import java.util.Optional;

/** The key specs this KMS creates, each with the {@link KeyType} that owns its rules. */
public enum KeySpec {
  SYMMETRIC_DEFAULT,
  HMAC_224,
  HMAC_256,
  HMAC_384,
  HMAC_512,
  RSA_2048,
  RSA_3072,
  RSA_4096,
  ECC_NIST_P256,
  ECC_NIST_P384,
  ECC_NIST_P521,
  ECC_SECG_P256K1;

  private final KeyType type;

  KeySpec() {
    this.type = new StandardKeyType(this, com.verenc.kms.crypto.KeySpec.valueOf(name()));
  }

  public KeyType type() {
    return type;
  }

  /** The spec of this name, when this KMS creates keys of it. */
  public static Optional<KeySpec> named(String name) {
    return Arrays.stream(values()).filter(s -> s.name().equals(name)).findFirst();
  }
}
