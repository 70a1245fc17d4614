package com.verenc.kms.node.key.model;

import java.util.List;

/**
 * What one key spec allows: its usages, the algorithms it shows in its metadata, the operations it
 * serves, whether it rotates, and how its material is made. The entity, the resident fast path and
 * the metadata view all ask this, so a new key type is one new implementation.
 */
public interface KeyType {

  KeySpec spec();

  /** The crypto library's name for the spec, which its functions check algorithms against. */
  com.verenc.kms.crypto.KeySpec primitive();

  /** The usages a key of this spec may have; the first is the default. */
  List<KeyUsage> usages();

  /** The algorithms a key of this spec and {@code usage} offers. */
  KeyAlgorithms algorithms(KeyUsage usage);

  /** Whether a key of this spec and usage serves {@code operation}. */
  boolean serves(KeyUsage usage, CryptoOperation operation);

  /** Whether keys of this spec rotate (automatically and on demand). */
  boolean rotates();

  /** Whether the key is a key pair, with a public key callers may download. */
  boolean asymmetric();

  /** New key material for a version of a key of this spec. */
  byte[] newMaterial();

  /**
   * Whether making {@link #newMaterial} takes long enough (seconds for an RSA pair on a busy node)
   * that CreateKey must wait longer than other requests.
   */
  default boolean slowToGenerate() {
    return primitive().isRsa();
  }

  default KeyUsage defaultUsage() {
    return usages().get(0);
  }
}
