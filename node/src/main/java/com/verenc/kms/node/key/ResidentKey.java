package com.verenc.kms.node.key;

import com.verenc.kms.crypto.AsymmetricKey;
import com.verenc.kms.crypto.AsymmetricKeys;
import com.verenc.kms.crypto.CryptoException;
import com.verenc.kms.node.key.model.KeyType;
import com.verenc.kms.node.key.model.KeyUsage;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A usable key as its entity published it, serving the crypto requests of its own account: the
 * actions its policy allows that account, what its type serves, its current material version and
 * copies of the versions the entity has unwrapped. The copies are zeroed once the key is retired
 * and the last request using them is done.
 */
final class ResidentKey implements KeyCrypto.Materials {
  /** The crypto actions whose policy decision is taken when the key is published. */
  static final Set<String> CRYPTO_ACTIONS =
      Set.of(
          "kms:Encrypt",
          "kms:Decrypt",
          "kms:ReEncryptFrom",
          "kms:ReEncryptTo",
          "kms:GenerateDataKey",
          "kms:GenerateDataKeyWithoutPlaintext",
          "kms:GenerateDataKeyPair",
          "kms:GenerateDataKeyPairWithoutPlaintext",
          "kms:GenerateMac",
          "kms:VerifyMac",
          "kms:Sign",
          "kms:Verify",
          "kms:GetPublicKey",
          "kms:DeriveSharedSecret");

  /** Each crypto action's bit in {@link #allowedActions}. */
  private static final Map<String, Integer> ACTION_BITS = actionBits();

  private final String keyId;
  private final String accountId;

  /**
   * The allowed crypto actions as bits ({@link #ACTION_BITS}): a set of strings per resident key
   * cost ~150 bytes of heap each.
   */
  private final int allowedActions;

  private final KeyType type;
  private final KeyUsage usage;
  private final int currentVersion;
  private final Map<Integer, byte[]> materials;

  /** Decoded key pairs, made on first use: only asymmetric keys ever have one. */
  private volatile Map<Integer, AsymmetricKey> keyPairs;

  private final KeyCrypto crypto;
  private final Instant usableUntil;

  /** For a key held on lease from its entity on another node; null when the entity runs here. */
  private final LeaseTerm lease;

  /**
   * Requests using the copies, plus one for the publication itself; at zero the copies are zeroed.
   */
  private final AtomicInteger references = new AtomicInteger(1);

  ResidentKey(
      String keyId,
      String accountId,
      String keyArn,
      Set<String> allowedActions,
      KeyType type,
      KeyUsage usage,
      int currentVersion,
      Map<Integer, byte[]> materials) {
    this(keyId, accountId, keyArn, allowedActions, type, usage, currentVersion, materials, null);
  }

  /**
   * @param usableUntil when imported material expires (null: never); from then on the entity
   *     answers, which refuses
   */
  ResidentKey(
      String keyId,
      String accountId,
      String keyArn,
      Set<String> allowedActions,
      KeyType type,
      KeyUsage usage,
      int currentVersion,
      Map<Integer, byte[]> materials,
      Instant usableUntil) {
    this(
        keyId,
        accountId,
        keyArn,
        allowedActions,
        type,
        usage,
        currentVersion,
        materials,
        usableUntil,
        null);
  }

  /**
   * @param lease the lease it is held on, when its entity runs on another node (null: here)
   */
  ResidentKey(
      String keyId,
      String accountId,
      String keyArn,
      Set<String> allowedActions,
      KeyType type,
      KeyUsage usage,
      int currentVersion,
      Map<Integer, byte[]> materials,
      Instant usableUntil,
      LeaseTerm lease) {
    this.lease = lease;
    this.usableUntil = usableUntil;
    this.keyId = keyId;
    this.accountId = accountId;
    this.allowedActions = bits(allowedActions);
    this.type = type;
    this.usage = usage;
    this.currentVersion = currentVersion;
    this.materials = Map.copyOf(materials);
    this.crypto = new KeyCrypto(keyId, keyArn, type, usage, this);
  }

  private static Map<String, Integer> actionBits() {
    Map<String, Integer> bits = new HashMap<>();
    for (String action : CRYPTO_ACTIONS) {
      bits.put(action, bits.size());
    }
    return Map.copyOf(bits);
  }

  private static int bits(Set<String> actions) {
    int bits = 0;
    for (String action : actions) {
      Integer bit = ACTION_BITS.get(action);
      if (bit != null) {
        bits |= 1 << bit;
      }
    }
    return bits;
  }

  private boolean allows(String action) {
    Integer bit = ACTION_BITS.get(action);
    return bit != null && (allowedActions & (1 << bit)) != 0;
  }

  @Override
  public int currentVersion() {
    return currentVersion;
  }

  @Override
  public Optional<byte[]> version(int version) {
    return Optional.ofNullable(materials.get(version));
  }

  @Override
  public Optional<AsymmetricKey> keyPair(int version) {
    return version(version)
        .map(
            material ->
                keyPairs()
                    .computeIfAbsent(
                        version, v -> AsymmetricKeys.decode(type.primitive(), material)));
  }

  private Map<Integer, AsymmetricKey> keyPairs() {
    Map<Integer, AsymmetricKey> pairs = keyPairs;
    if (pairs == null) {
      synchronized (this) {
        if (keyPairs == null) {
          keyPairs = new ConcurrentHashMap<>();
        }
        pairs = keyPairs;
      }
    }
    return pairs;
  }

  String keyId() {
    return keyId;
  }

  /** The lease it is held on; null when published by its entity on this node. */
  LeaseTerm lease() {
    return lease;
  }

  /** Withdrawn by the entity: the copies are zeroed as soon as no request uses them. */
  void retire() {
    release();
  }

  /** Whether the copies have been zeroed. */
  boolean erased() {
    return references.get() == 0;
  }

  /** The answer when this publication can give it with certainty; empty otherwise. */
  <A extends KeyAnswer> Optional<A> serve(CryptoRequest<A> request) {
    if (!accountId.equals(request.accountId())
        || !allows(request.action())
        || !type.serves(usage, request.operation())
        || (usableUntil != null && !Instant.now().isBefore(usableUntil))
        || (lease != null && !lease.running())
        || !acquire()) {
      return Optional.empty();
    }
    try {
      return request.servedBy(crypto);
    } catch (CryptoException | IllegalArgumentException | KeyCrypto.NotVerified e) {
      // Invalid ciphertexts, requests and signatures included: the entity gives the answer, and
      // logs real failures.
      return Optional.empty();
    } finally {
      release();
    }
  }

  private boolean acquire() {
    while (true) {
      int current = references.get();
      if (current == 0) {
        return false;
      }
      if (references.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  private void release() {
    if (references.decrementAndGet() == 0) {
      materials.values().forEach(m -> Arrays.fill(m, (byte) 0));
    }
  }
}
