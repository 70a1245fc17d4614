package com.verenc.kms.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * The KMS encrypt and decrypt operations over raw key material, as pure functions on bytes.
 *
 * <p>Each message is encrypted under its own AES-256 key, derived with HKDF-SHA256 (RFC 5869) from
 * the material, the blob's random 128-bit salt, and info = {@value #MESSAGE_KEY_LABEL} followed by
 * the blob {@linkplain CiphertextBlob#header() header}. This keeps every derived key far below the
 * 2^32-message limit NIST sets for random 96-bit IVs under one GCM key, however busy the material
 * version is.
 *
 * <p>The GCM additional data is the header, then the salt, then the {@linkplain
 * EncryptionContext#canonical canonical encryption context}, binding the key id, material version,
 * salt and context to the ciphertext.
 */
public final class Envelope {

  static final String MESSAGE_KEY_LABEL = "verenc-kms blob v1 message key";

  private static final byte[] MESSAGE_KEY_LABEL_BYTES =
      MESSAGE_KEY_LABEL.getBytes(StandardCharsets.UTF_8);

  private Envelope() {}

  /** Encrypts {@code plaintext} under one material version and returns the encoded blob. */
  public static byte[] seal(
      String keyId,
      int materialVersion,
      byte[] material,
      byte[] plaintext,
      Map<String, String> context) {
    byte[] header = CiphertextBlob.header(keyId, materialVersion);
    requireMaterial(material);
    Objects.requireNonNull(plaintext, "plaintext");
    byte[] aadContext = EncryptionContext.canonical(context);
    // One draw for salt and IV: each draw from the shared generator takes its lock and hashes.
    byte[] random = RandomBytes.next(CiphertextBlob.SALT_BYTES + AesGcm.IV_BYTES);
    byte[] salt = Arrays.copyOfRange(random, 0, CiphertextBlob.SALT_BYTES);
    byte[] iv = Arrays.copyOfRange(random, CiphertextBlob.SALT_BYTES, random.length);
    byte[] messageKey = messageKey(material, salt, header);
    try {
      byte[] sealed = AesGcm.encrypt(messageKey, iv, plaintext, aad(header, salt, aadContext));
      return new CiphertextBlob(keyId, materialVersion, salt, iv, sealed).encode();
    } finally {
      Arrays.fill(messageKey, (byte) 0);
    }
  }

  /**
   * Decrypts {@code blob} with the material of the version it names; every failure looks the same.
   */
  public static byte[] open(CiphertextBlob blob, byte[] material, Map<String, String> context) {
    Objects.requireNonNull(blob, "blob");
    byte[] messageKey = null;
    try {
      requireMaterial(material);
      byte[] header = blob.header();
      byte[] salt = blob.salt();
      byte[] aad = aad(header, salt, EncryptionContext.canonical(context));
      messageKey = messageKey(material, salt, header);
      return AesGcm.decrypt(messageKey, blob.iv(), blob.sealed(), aad);
    } catch (CryptoException e) {
      // One message whatever went wrong, so callers cannot probe which check failed.
      throw new InvalidCiphertextException("ciphertext could not be decrypted");
    } finally {
      if (messageKey != null) {
        Arrays.fill(messageKey, (byte) 0);
      }
    }
  }

  /** Returns fresh random material for a new KMS key material version. */
  public static byte[] newMaterial() {
    return RandomBytes.next(AesGcm.KEY_BYTES);
  }

  /** Derives the AES-256 key for one message: HKDF-SHA256(material, salt, label || header). */
  static byte[] messageKey(byte[] material, byte[] salt, byte[] header) {
    byte[] info =
        ByteBuffer.allocate(MESSAGE_KEY_LABEL_BYTES.length + header.length)
            .put(MESSAGE_KEY_LABEL_BYTES)
            .put(header)
            .array();
    return Hkdf.deriveSha256(material, salt, info, AesGcm.KEY_BYTES);
  }

  private static void requireMaterial(byte[] material) {
    Objects.requireNonNull(material, "material");
    // HKDF accepts any input length, so the AES-256 material size is checked here.
    if (material.length != AesGcm.KEY_BYTES) {
      throw new CryptoException("key material must be " + AesGcm.KEY_BYTES + " bytes");
    }
  }

  private static byte[] aad(byte[] header, byte[] salt, byte[] canonicalContext) {
    return ByteBuffer.allocate(header.length + salt.length + canonicalContext.length)
        .put(header)
        .put(salt)
        .put(canonicalContext)
        .array();
  }
}
