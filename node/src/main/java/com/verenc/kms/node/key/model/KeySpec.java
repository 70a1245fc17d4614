package com.verenc.kms.node.key.model;

import java.util.Arrays;
import java.util.Optional;

/** The key specs this KMS creates, each with the {@link KeyType} that owns its rules. */
public enum KeySpec {
  SYMMETRIC_DEFAULT(SymmetricDefault.INSTANCE);

  private final KeyType type;

  KeySpec(KeyType type) {
    this.type = type;
  }

  public KeyType type() {
    return type;
  }

  /** The spec of this name, when this KMS creates keys of it. */
  public static Optional<KeySpec> named(String name) {
    return Arrays.stream(values()).filter(s -> s.name().equals(name)).findFirst();
  }
}
