package com.verenc.kms.crypto;

import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 5649 AES key wrap with padding, used to protect key material at rest.
 *
 * <p>Runs on the JDK's {@code AES/KWP/NoPadding} (SunJCE, Java 17+), which uses the AES intrinsics.
 * Its output is byte-identical to Bouncy Castle's RFC 5649 engine (KeyWrapTest checks both against
 * each other), so material wrapped with that engine unwraps here too.
 */
public final class KeyWrap {

  private static final String TRANSFORMATION = "AES/KWP/NoPadding";

  private KeyWrap() {}

  /** Wraps {@code keyToWrap} (at least one byte) under the 16, 24 or 32 byte {@code kek}. */
  public static byte[] wrap(byte[] kek, byte[] keyToWrap) {
    Objects.requireNonNull(keyToWrap, "keyToWrap");
    if (keyToWrap.length == 0) {
      throw new CryptoException("key to wrap must not be empty");
    }
    try {
      return cipher(Cipher.ENCRYPT_MODE, kek).doFinal(keyToWrap);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("AES key wrap is not available in this JDK");
    }
  }

  /** Unwraps and integrity-checks {@code wrapped} under {@code kek}. */
  public static byte[] unwrap(byte[] kek, byte[] wrapped) {
    Objects.requireNonNull(wrapped, "wrapped");
    Cipher cipher = cipher(Cipher.DECRYPT_MODE, kek);
    try {
      return cipher.doFinal(wrapped);
    } catch (GeneralSecurityException | RuntimeException e) {
      // No cause attached: one message for every failure gives an attacker nothing to tell apart.
      throw new CryptoException("wrapped key material failed integrity check");
    }
  }

  private static Cipher cipher(int mode, byte[] kek) {
    Objects.requireNonNull(kek, "kek");
    if (kek.length != 16 && kek.length != 24 && kek.length != 32) {
      throw new CryptoException("key-encryption key must be 16, 24 or 32 bytes");
    }
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(mode, new SecretKeySpec(kek, "AES"));
      return cipher;
    } catch (GeneralSecurityException e) {
      throw new CryptoException("AES key wrap is not available in this JDK");
    }
  }
}
