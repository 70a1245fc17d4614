package com.verenc.kms.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA256 (RFC 5869), through the JDK's {@link Mac}. */
public final class Hkdf {

  public static final int HASH_BYTES = 32;
  public static final int MAX_OUTPUT_BYTES = 255 * HASH_BYTES;

  private static final String HMAC = "HmacSHA256";

  private Hkdf() {}

  /** Extract-then-expand: returns {@code length} bytes of output keying material. */
  public static byte[] deriveSha256(byte[] ikm, byte[] salt, byte[] info, int length) {
    byte[] prk = extract(salt, ikm);
    try {
      return expand(prk, info, length);
    } finally {
      Arrays.fill(prk, (byte) 0);
    }
  }

  /** HKDF-Extract: PRK = HMAC-SHA256(salt, IKM); an absent or empty salt means 32 zero bytes. */
  public static byte[] extract(byte[] salt, byte[] ikm) {
    Objects.requireNonNull(ikm, "ikm");
    byte[] key = salt == null || salt.length == 0 ? new byte[HASH_BYTES] : salt;
    Mac mac = mac(key);
    return mac.doFinal(ikm);
  }

  /** HKDF-Expand: T(1) || T(2) || ... truncated to {@code length} bytes, at most 255 * 32. */
  public static byte[] expand(byte[] prk, byte[] info, int length) {
    Objects.requireNonNull(prk, "prk");
    if (prk.length < HASH_BYTES) {
      throw new CryptoException("HKDF pseudorandom key must be at least " + HASH_BYTES + " bytes");
    }
    if (length < 0 || length > MAX_OUTPUT_BYTES) {
      throw new CryptoException("HKDF output length must be 0 to " + MAX_OUTPUT_BYTES + " bytes");
    }
    byte[] context = info == null ? new byte[0] : info;
    Mac mac = mac(prk);
    byte[] out = new byte[length];
    byte[] block = new byte[0];
    try {
      int done = 0;
      for (int counter = 1; done < length; counter++) {
        mac.update(block);
        mac.update(context);
        mac.update((byte) counter);
        Arrays.fill(block, (byte) 0);
        block = mac.doFinal();
        int n = Math.min(block.length, length - done);
        System.arraycopy(block, 0, out, done, n);
        done += n;
      }
      return out;
    } finally {
      Arrays.fill(block, (byte) 0);
    }
  }

  // Mac.getInstance walks the provider list on every call; each thread keeps one and re-keys it.
  // extract and expand each finish with their Mac before the other takes it.
  private static final ThreadLocal<Mac> MACS =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Mac.getInstance(HMAC);
            } catch (GeneralSecurityException e) {
              throw new CryptoException("JDK provides no " + HMAC);
            }
          });

  private static Mac mac(byte[] key) {
    try {
      Mac mac = MACS.get();
      mac.init(new SecretKeySpec(key, HMAC));
      return mac;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new CryptoException("HMAC-SHA256 could not be initialised");
    }
  }
}
