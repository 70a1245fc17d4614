package com.verenc.kms.node.key;

import com.verenc.kms.crypto.AsymmetricKey;
import com.verenc.kms.crypto.AsymmetricKeys;
import com.verenc.kms.crypto.DataKeyPair;
import com.verenc.kms.crypto.ImportToken;
import com.verenc.kms.crypto.KeySpec;
import com.verenc.kms.crypto.KeyWrap;
import com.verenc.kms.crypto.MaterialFingerprint;
import com.verenc.kms.crypto.WrappingAlgorithm;
import com.verenc.kms.crypto.WrappingKeySpec;
import com.verenc.kms.node.key.model.KeyType;
import com.verenc.kms.node.key.model.MaterialVersion;
import com.verenc.kms.node.key.model.RotationType;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The key's secret and its unwrapped material versions, held only in the memory of the entity that
 * serves the key so the crypto path needs no database round trip. The secret is read from the zone
 * database off the entity's thread ({@link SecretVault}); until it is here, commands that need
 * material wait. Everything is erased when the entity stops.
 */
final class KeyMaterials {
  /** After a failed read, requests are refused for this long before the secret is read again. */
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

  private final Map<Integer, byte[]> unwrapped = new HashMap<>();

  /**
   * Key pairs decoded from unwrapped versions, so a signature costs no parsing. JCA key objects
   * cannot be zeroed; they are dropped with the rest. Made on first use: only asymmetric keys
   * decode one.
   */
  private Map<Integer, AsymmetricKey> keyPairs;

  private byte[] secret;
  private boolean loading;
  private Instant failedAt;
  private Rejection failure;

  boolean hasSecret() {
    return secret != null;
  }

  /** Whether a read of the secret is on its way: commands needing it wait for it. */
  boolean loading() {
    return loading;
  }

  /**
   * Why the last read failed, if it did recently: commands needing material are refused meanwhile.
   */
  Optional<Rejection> unavailable(Instant now) {
    return failedAt != null && now.isBefore(failedAt.plus(RETRY_AFTER_FAILURE))
        ? Optional.of(failure)
        : Optional.empty();
  }

  void loadStarted() {
    loading = true;
  }

  void adopt(byte[] value) {
    loading = false;
    failedAt = null;
    if (secret != null && secret != value) {
      Arrays.fill(secret, (byte) 0);
    }
    secret = value;
  }

  void loadFailed(Instant at, Rejection why) {
    loading = false;
    failedAt = at;
    failure = why;
  }

  /**
   * Generates a new material version of the key's type and returns it wrapped, ready for an event.
   */
  MaterialVersion generate(KeyType type, int version, Instant at, RotationType rotationType) {
    return add(type.newMaterial(), version, at, rotationType);
  }

  /** Takes {@code material}, generated elsewhere, as a new version: returns it wrapped. */
  MaterialVersion add(byte[] material, int version, Instant at, RotationType rotationType) {
    unwrapped.put(version, material);
    return new MaterialVersion(version, at, KeyWrap.wrap(secret, material), rotationType);
  }

  byte[] material(MaterialVersion version) {
    return unwrapped.computeIfAbsent(
        version.version(), v -> KeyWrap.unwrap(secret, version.wrappedMaterial()));
  }

  AsymmetricKey keyPair(KeyType type, MaterialVersion version) {
    if (keyPairs == null) {
      keyPairs = new HashMap<>();
    }
    return keyPairs.computeIfAbsent(
        version.version(), v -> AsymmetricKeys.decode(type.primitive(), material(version)));
  }

  /** An import token for this key, sealed under its secret (which must be here). */
  byte[] importToken(
      String keyId,
      WrappingKeySpec spec,
      DataKeyPair pair,
      WrappingAlgorithm algorithm,
      Instant issuedAt) {
    return ImportToken.seal(secret, keyId, spec, algorithm, pair.privateKeyDer(), issuedAt);
  }

  /**
   * @throws com.verenc.kms.crypto.InvalidImportTokenException not this key's, or not a token
   * @throws com.verenc.kms.crypto.ExpiredImportTokenException past its ValidTo
   */
  ImportToken openImportToken(String keyId, byte[] token, Instant now) {
    return ImportToken.open(secret, keyId, token, now);
  }

  byte[] fingerprint(KeySpec spec, byte[] material) {
    return MaterialFingerprint.of(secret, spec, material);
  }

  boolean sameMaterial(KeySpec spec, byte[] material, byte[] fingerprint) {
    return MaterialFingerprint.matches(secret, spec, material, fingerprint);
  }

  /** Erases the unwrapped versions (imported material deleted); the secret stays. */
  void dropVersions() {
    unwrapped.values().forEach(m -> Arrays.fill(m, (byte) 0));
    unwrapped.clear();
    keyPairs = null;
  }

  /**
   * Copies of the versions unwrapped so far, for {@link ResidentKey}: {@link #forget} erases only
   * the originals.
   */
  Map<Integer, byte[]> unwrappedCopies() {
    Map<Integer, byte[]> copies = new HashMap<>();
    unwrapped.forEach((version, material) -> copies.put(version, material.clone()));
    return Map.copyOf(copies);
  }

  int unwrappedCount() {
    return unwrapped.size();
  }

  /**
   * Erases the secret and every unwrapped version from memory; a read on its way is no longer
   * waited for.
   */
  void forget() {
    loading = false;
    failedAt = null;
    dropVersions();
    if (secret != null) {
      Arrays.fill(secret, (byte) 0);
      secret = null;
    }
  }
}
