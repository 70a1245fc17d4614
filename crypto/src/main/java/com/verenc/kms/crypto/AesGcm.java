package com.verenc.kms.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM (96-bit IV, 128-bit tag) through the JDK provider.
 *
 * <p>Cipher objects are pooled per thread because {@link Cipher#getInstance} is costly on a hot
 * path. The JDK refuses to encrypt twice in a row on one cipher with the same key and IV; that
 * surfaces here as a {@link CryptoException}. Callers must use a fresh random IV per encryption
 * anyway, as {@link Envelope} does.
 */
public final class AesGcm {

  public static final int IV_BYTES = 12;
  public static final int TAG_BYTES = 16;
  public static final int KEY_BYTES = 32;

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final byte[] NO_AAD = new byte[0];

  private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(AesGcm::newCipher);

  private AesGcm() {}

  /** Encrypts {@code plaintext}, returning ciphertext followed by the 16-byte tag. */
  public static byte[] encrypt(byte[] key, byte[] iv, byte[] plaintext, byte[] aad) {
    Objects.requireNonNull(plaintext, "plaintext");
    Cipher cipher = CIPHERS.get();
    try {
      init(cipher, Cipher.ENCRYPT_MODE, key, iv);
    } catch (InvalidAlgorithmParameterException e) {
      throw new CryptoException(
          "AES-GCM refused to reuse the IV it just encrypted with under the same key");
    }
    try {
      cipher.updateAAD(aad == null ? NO_AAD : aad);
      return cipher.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("AES-GCM encryption failed", e);
    }
  }

  /**
   * Decrypts and authenticates ciphertext||tag; a tag mismatch is an {@link
   * InvalidCiphertextException}.
   */
  public static byte[] decrypt(byte[] key, byte[] iv, byte[] ciphertextAndTag, byte[] aad) {
    Objects.requireNonNull(ciphertextAndTag, "ciphertextAndTag");
    if (ciphertextAndTag.length < TAG_BYTES) {
      throw new InvalidCiphertextException("ciphertext is shorter than the authentication tag");
    }
    Cipher cipher = CIPHERS.get();
    try {
      init(cipher, Cipher.DECRYPT_MODE, key, iv);
    } catch (InvalidAlgorithmParameterException e) {
      throw new CryptoException("AES-GCM decryption could not be initialised", e);
    }
    try {
      cipher.updateAAD(aad == null ? NO_AAD : aad);
      return cipher.doFinal(ciphertextAndTag);
    } catch (AEADBadTagException e) {
      throw new InvalidCiphertextException("ciphertext failed authentication");
    } catch (GeneralSecurityException e) {
      throw new CryptoException("AES-GCM decryption failed", e);
    }
  }

  private static void init(Cipher cipher, int mode, byte[] key, byte[] iv)
      throws InvalidAlgorithmParameterException {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(iv, "iv");
    if (key.length != KEY_BYTES) {
      throw new CryptoException("AES-256-GCM key must be " + KEY_BYTES + " bytes");
    }
    if (iv.length != IV_BYTES) {
      throw new CryptoException("AES-GCM IV must be " + IV_BYTES + " bytes");
    }
    try {
      cipher.init(
          mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * Byte.SIZE, iv));
    } catch (InvalidKeyException e) {
      throw new CryptoException("AES-256-GCM key was rejected", e);
    }
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance(TRANSFORMATION);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("JDK provides no " + TRANSFORMATION, e);
    }
  }
}
