package com.verenc.kms.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** GenerateMac and VerifyMac: HMAC (RFC 2104) with the SHA-2 hash of an HMAC KMS key. */
public final class Hmac {

  // Mac.getInstance walks the provider list on every call; each thread keeps one per algorithm.
  private static final ThreadLocal<Mac[]> MACS =
      ThreadLocal.withInitial(() -> new Mac[MacAlgorithm.values().length]);

  private Hmac() {}

  /** Fresh key material for an HMAC key spec: as many bits as the spec's name says. */
  public static byte[] newKey(KeySpec keySpec) {
    Objects.requireNonNull(keySpec, "keySpec");
    if (!keySpec.isHmac()) {
      throw new IncompatibleAlgorithmException("KeySpec " + keySpec + " is not an HMAC key spec");
    }
    return RandomBytes.next(keySpec.keyBits() / Byte.SIZE);
  }

  /**
   * The MAC of {@code message} under the material of an HMAC key of {@code keySpec}, refusing an
   * algorithm the spec does not allow.
   */
  public static byte[] generate(
      KeySpec keySpec, MacAlgorithm algorithm, byte[] key, byte[] message) {
    requireKey(keySpec, algorithm, key);
    return generate(algorithm, key, message);
  }

  /** Whether {@code mac} is the MAC of {@code message}, compared in constant time. */
  public static boolean verify(
      KeySpec keySpec, MacAlgorithm algorithm, byte[] key, byte[] message, byte[] mac) {
    requireKey(keySpec, algorithm, key);
    return verify(algorithm, key, message, mac);
  }

  /** HMAC of {@code message} under a key of any non-zero length, as RFC 2104 allows. */
  public static byte[] generate(MacAlgorithm algorithm, byte[] key, byte[] message) {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(message, "message");
    if (key.length == 0) {
      throw new CryptoException("HMAC key must not be empty");
    }
    Mac mac = mac(algorithm);
    try {
      mac.init(new SecretKeySpec(key, algorithm.jcaName()));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new CryptoException(algorithm + " could not be initialised");
    }
    return mac.doFinal(message);
  }

  /** Whether {@code mac} is the HMAC of {@code message}, compared in constant time. */
  public static boolean verify(MacAlgorithm algorithm, byte[] key, byte[] message, byte[] mac) {
    Objects.requireNonNull(mac, "mac");
    byte[] expected = generate(algorithm, key, message);
    // isEqual is constant-time in the contents; only a length mismatch returns early.
    return MessageDigest.isEqual(expected, mac);
  }

  private static void requireKey(KeySpec keySpec, MacAlgorithm algorithm, byte[] key) {
    Objects.requireNonNull(keySpec, "keySpec");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(key, "key");
    keySpec.require(algorithm);
    // Generated keys are exactly the spec's size; imported ones may be longer, up to the block
    // size past which HMAC would hash them down.
    int min = keySpec.keyBits() / Byte.SIZE;
    if (key.length < min || key.length > algorithm.blockBytes()) {
      throw new CryptoException(
          keySpec + " key material must be " + min + " to " + algorithm.blockBytes() + " bytes");
    }
  }

  private static Mac mac(MacAlgorithm algorithm) {
    Mac[] macs = MACS.get();
    Mac mac = macs[algorithm.ordinal()];
    if (mac == null) {
      try {
        mac = Mac.getInstance(algorithm.jcaName());
      } catch (GeneralSecurityException e) {
        throw new CryptoException("JDK provides no " + algorithm.jcaName());
      }
      macs[algorithm.ordinal()] = mac;
    }
    return mac;
  }
}
