package com.verenc.kms.node.key;

import com.verenc.kms.crypto.Envelope;
import com.verenc.kms.crypto.KeyWrap;
import com.verenc.kms.node.secrets.KeySecretStore;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The unwrapped material of one key, held only in the memory of the entity that serves it so
 * the crypto hot path needs no database round trip. Dropped when the entity stops.
 */
final class KeyMaterials {
  private final KeySecretStore store;
  private final String persistenceId;
  private final Map<Integer, byte[]> unwrapped = new HashMap<>();
  private byte[] secret;

  KeyMaterials(KeySecretStore store, String persistenceId) {
    this.store = store;
    this.persistenceId = persistenceId;
  }

  /** Generates a new material version and returns it wrapped, ready for an event. */
  MaterialVersion generate(int version, Instant at, String rotationType) {
    if (secret == null) {
      secret = version == 1 ? store.createOrLoad(persistenceId) : secret();
    }
    byte[] material = Envelope.newMaterial();
    unwrapped.put(version, material);
    return new MaterialVersion(version, at, KeyWrap.wrap(secret, material), rotationType);
  }

  byte[] material(MaterialVersion version) {
    byte[] material = unwrapped.get(version.version());
    if (material == null) {
      material = KeyWrap.unwrap(secret(), version.wrappedMaterial());
      unwrapped.put(version.version(), material);
    }
    return material;
  }

  private byte[] secret() {
    if (secret == null) {
      secret = store.load(persistenceId).orElseThrow(() -> new IllegalStateException(
          "the secret of " + persistenceId + " is missing: its material cannot be unwrapped"));
    }
    return secret;
  }

  /** Copies of the versions unwrapped so far, for {@link ResidentKey}: {@link #forget} erases only the originals. */
  Map<Integer, byte[]> unwrappedCopies() {
    Map<Integer, byte[]> copies = new HashMap<>();
    unwrapped.forEach((version, material) -> copies.put(version, material.clone()));
    return Map.copyOf(copies);
  }

  int unwrappedCount() {
    return unwrapped.size();
  }

  /** Erases the key's secret for good and forgets every unwrapped version. */
  void shred() {
    store.erase(persistenceId);
    forget();
  }

  void forget() {
    unwrapped.values().forEach(m -> Arrays.fill(m, (byte) 0));
    unwrapped.clear();
    if (secret != null) {
      Arrays.fill(secret, (byte) 0);
      secret = null;
    }
  }
}
