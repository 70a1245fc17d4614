package com.verenc.kms.node.key.model;

import com.verenc.kms.crypto.Envelope;
import java.util.List;

/** SYMMETRIC_DEFAULT: AES-256-GCM keys that encrypt, decrypt and make data keys, and rotate. */
final class SymmetricDefault implements KeyType {
  static final SymmetricDefault INSTANCE = new SymmetricDefault();

  private SymmetricDefault() {}

  @Override
  public KeySpec spec() {
    return KeySpec.SYMMETRIC_DEFAULT;
  }

  @Override
  public List<KeyUsage> usages() {
    return List.of(KeyUsage.ENCRYPT_DECRYPT);
  }

  @Override
  public List<String> encryptionAlgorithms() {
    return List.of("SYMMETRIC_DEFAULT");
  }

  @Override
  public boolean serves(KeyUsage usage, CryptoOperation operation) {
    return usage == KeyUsage.ENCRYPT_DECRYPT;
  }

  @Override
  public boolean rotates() {
    return true;
  }

  @Override
  public byte[] newMaterial() {
    return Envelope.newMaterial();
  }
}
