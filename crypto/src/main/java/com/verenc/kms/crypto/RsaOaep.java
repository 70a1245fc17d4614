package com.verenc.kms.crypto;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * Encrypt and Decrypt with RSA keys: RSAES-OAEP (RFC 8017 section 7.1) with SHA-1 or SHA-256, MGF1
 * over the same hash and an empty label.
 *
 * <p>The parameters are always given explicitly: the JDK's {@code OAEPWithSHA-256AndMGF1Padding}
 * would use MGF1 with SHA-1, which is not what AWS's RSAES_OAEP_SHA_256 is.
 */
public final class RsaOaep {

  private static final String TRANSFORMATION = "RSA/ECB/OAEPPadding";

  private RsaOaep() {}

  /** Encrypts at most {@link #maxPlaintextBytes} bytes under {@code key}'s public key. */
  public static byte[] encrypt(AsymmetricKey key, EncryptionAlgorithm algorithm, byte[] plaintext) {
    Objects.requireNonNull(plaintext, "plaintext");
    requireRsa(key, algorithm);
    int max = maxPlaintextBytes(key.spec(), algorithm);
    if (plaintext.length > max) {
      throw new InvalidInputException(
          "Plaintext is too long for "
              + algorithm
              + " with a "
              + key.spec()
              + " key: at most "
              + max
              + " bytes, got "
              + plaintext.length);
    }
    try {
      return cipher(Cipher.ENCRYPT_MODE, key.publicKey(), algorithm).doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new CryptoException(algorithm + " encryption failed", e);
    }
  }

  /**
   * Decrypts with {@code key}'s private key; any ciphertext that does not decrypt is an {@link
   * InvalidCiphertextException} with one message, whatever the reason.
   */
  public static byte[] decrypt(
      AsymmetricKey key, EncryptionAlgorithm algorithm, byte[] ciphertext) {
    Objects.requireNonNull(ciphertext, "ciphertext");
    requireRsa(key, algorithm);
    if (ciphertext.length != key.modulusBytes()) {
      throw new InvalidCiphertextException("ciphertext could not be decrypted");
    }
    Cipher cipher = cipher(Cipher.DECRYPT_MODE, key.privateKey(), algorithm);
    try {
      return cipher.doFinal(ciphertext);
    } catch (GeneralSecurityException | RuntimeException e) {
      // One message and no cause: telling padding failures apart is what OAEP attacks need.
      throw new InvalidCiphertextException("ciphertext could not be decrypted");
    }
  }

  /**
   * The longest plaintext OAEP takes: modulus bytes - 2 * hash bytes - 2 (RFC 8017 section 7.1.1),
   * 214 / 190 bytes for RSA_2048 with RSAES_OAEP_SHA_1 / RSAES_OAEP_SHA_256.
   */
  public static int maxPlaintextBytes(KeySpec spec, EncryptionAlgorithm algorithm) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(algorithm, "algorithm");
    spec.require(algorithm);
    return spec.keyBits() / Byte.SIZE - 2 * algorithm.oaepHash().bytes() - 2;
  }

  private static void requireRsa(AsymmetricKey key, EncryptionAlgorithm algorithm) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(algorithm, "algorithm");
    key.spec().require(algorithm);
  }

  private static Cipher cipher(int mode, Key key, EncryptionAlgorithm algorithm) {
    Hash hash = algorithm.oaepHash();
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(
          mode,
          key,
          new OAEPParameterSpec(hash.jcaName(), "MGF1", hash.mgf1(), PSource.PSpecified.DEFAULT));
      return cipher;
    } catch (GeneralSecurityException e) {
      throw new CryptoException(algorithm + " could not be initialised", e);
    }
  }
}
