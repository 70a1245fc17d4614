package com.verenc.kms.crypto.masterkey;

import com.verenc.kms.crypto.CryptoException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The master keys a node holds during a master key rotation: the current one, which wraps every new
 * secret, and previous ones, whose secrets it still opens. A secret is unwrapped by the key its
 * {@link WrappedSecret} header names, so secrets wrapped under either open while a rotation
 * re-wraps them.
 */
public final class MasterKeyRing {
  private final MasterKey current;
  private final List<MasterKey> previous;

  private MasterKeyRing(MasterKey current, List<MasterKey> previous) {
    this.current = current;
    this.previous = previous;
  }

  /**
   * A ring of {@code current} and {@code previous}.
   *
   * @throws CryptoException when two of the keys have the same id (a key given twice)
   */
  public static MasterKeyRing of(MasterKey current, List<? extends MasterKey> previous) {
    Objects.requireNonNull(current, "current");
    List<MasterKey> all = new ArrayList<>();
    all.add(current);
    all.addAll(previous);
    for (int i = 0; i < all.size(); i++) {
      for (int j = i + 1; j < all.size(); j++) {
        if (all.get(i).id().equals(all.get(j).id())) {
          throw new CryptoException(
              "master key "
                  + all.get(i).id()
                  + " is given twice (as the current and as a previous master key, or as two "
                  + "previous ones): give each master key once");
        }
      }
    }
    return new MasterKeyRing(current, List.copyOf(previous));
  }

  /** A ring of the current master key alone, as outside a rotation. */
  public static MasterKeyRing of(MasterKey current) {
    return of(current, List.of());
  }

  /** The master key every new secret is wrapped under. */
  public MasterKey current() {
    return current;
  }

  /** The other master keys, whose secrets this ring still opens. */
  public List<MasterKey> previous() {
    return previous;
  }

  /** Wraps a secret under the current master key. */
  public byte[] wrap(byte[] secret) {
    return current.wrap(secret);
  }

  /**
   * Unwraps a secret with the master key its header names, of any kind.
   *
   * @throws CryptoException when no key of the ring wrapped it (the message names the key it needs
   *     and the keys the ring has), or it fails its integrity check
   */
  public byte[] unwrap(byte[] stored) {
    MasterKeyId wrappedBy = WrappedSecret.decode(stored).wrappedBy();
    if (wrappedBy.equals(MasterKeyId.UNNAMED_FILE)) {
      return unwrapUnnamed(stored);
    }
    for (MasterKey key : keys()) {
      if (key.id().equals(wrappedBy)) {
        return key.unwrap(stored);
      }
    }
    throw new CryptoException(
        "this secret was wrapped under master key "
            + wrappedBy
            + ", which this node does not have (its master keys: "
            + describe()
            + "): give the node that key as its previous master key until the rotation away from "
            + "it has finished");
  }

  /** Whether {@code stored} is wrapped under another master key than the current one. */
  public boolean needsRewrap(byte[] stored) {
    return !WrappedSecret.decode(stored).wrappedBy().equals(current.id());
  }

  /**
   * The secret in {@code stored} wrapped anew under the current master key; the unwrapped secret is
   * erased from memory before returning.
   *
   * @throws CryptoException as {@link #unwrap}
   */
  public byte[] rewrap(byte[] stored) {
    byte[] secret = unwrap(stored);
    try {
      return current.wrap(secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /** {@code current file:3f2a..., previous pkcs11:old-master}. */
  public String describe() {
    String text = "current " + current.id();
    if (!previous.isEmpty()) {
      text +=
          ", previous "
              + previous.stream().map(k -> k.id().toString()).collect(Collectors.joining(", "));
    }
    return text;
  }

  private List<MasterKey> keys() {
    List<MasterKey> keys = new ArrayList<>();
    keys.add(current);
    keys.addAll(previous);
    return keys;
  }

  /**
   * Secrets stored before the header existed name no key file: each key file of the ring tries, and
   * RFC 5649's integrity check tells which one wrapped it.
   */
  private byte[] unwrapUnnamed(byte[] stored) {
    CryptoException last = null;
    for (MasterKey key : keys()) {
      if (key instanceof FileMasterKey) {
        try {
          return key.unwrap(stored);
        } catch (CryptoException e) {
          last = e;
        }
      }
    }
    throw last != null
        ? last
        : new CryptoException(
            "this secret was wrapped under a key file before secrets named their master key, and "
                + "this node has no key file among its master keys ("
                + describe()
                + "): give the node that key file as its previous master key");
  }

  @Override
  public String toString() {
    return "MasterKeyRing[" + describe() + "]";
  }
}
