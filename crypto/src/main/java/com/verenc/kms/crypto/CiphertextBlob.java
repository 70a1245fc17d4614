package com.verenc.kms.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The versioned ciphertext blob returned to clients.
 *
 * <p>Format version 1 (integers big-endian):
 *
 * <pre>
 *   offset      length  field
 *   0           1       format version, 0x01
 *   1           1       key id length L, 1..255
 *   2           L       key id, ASCII [A-Za-z0-9-]
 *   2+L         4       material version, signed int &gt;= 1
 *   6+L         16      salt for the per-message key derivation
 *   22+L        12      AES-GCM IV
 *   34+L        n>=16   AES-GCM ciphertext || 16-byte tag
 * </pre>
 *
 * Bytes 0 to 5+L (the {@link #header()}) and the salt are authenticated as the start of the GCM
 * additional data, and both also enter the message key derivation, so altering the key id, material
 * version or salt makes decryption fail.
 *
 * <p>The arrays are copied in and out, so instances are immutable.
 */
public record CiphertextBlob(
    String keyId, int materialVersion, byte[] salt, byte[] iv, byte[] sealed) {

  public static final byte FORMAT_V1 = 0x01;
  public static final int MAX_KEY_ID_BYTES = 255;
  public static final int SALT_BYTES = 16;

  private static final int MIN_LENGTH =
      2 + 1 + Integer.BYTES + SALT_BYTES + AesGcm.IV_BYTES + AesGcm.TAG_BYTES;

  public CiphertextBlob {
    validateHeader(keyId, materialVersion);
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(iv, "iv");
    Objects.requireNonNull(sealed, "sealed");
    if (salt.length != SALT_BYTES) {
      throw new CryptoException("salt must be " + SALT_BYTES + " bytes");
    }
    if (iv.length != AesGcm.IV_BYTES) {
      throw new CryptoException("IV must be " + AesGcm.IV_BYTES + " bytes");
    }
    if (sealed.length < AesGcm.TAG_BYTES) {
      throw new CryptoException("sealed data must include the " + AesGcm.TAG_BYTES + "-byte tag");
    }
    salt = salt.clone();
    iv = iv.clone();
    sealed = sealed.clone();
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  @Override
  public byte[] iv() {
    return iv.clone();
  }

  @Override
  public byte[] sealed() {
    return sealed.clone();
  }

  /** Returns the encoded blob in format version 1. */
  public byte[] encode() {
    byte[] header = header();
    return ByteBuffer.allocate(header.length + salt.length + iv.length + sealed.length)
        .put(header)
        .put(salt)
        .put(iv)
        .put(sealed)
        .array();
  }

  /**
   * Returns the encoded bytes preceding the salt: format version, key id length, key id, material
   * version.
   */
  public byte[] header() {
    return header(keyId, materialVersion);
  }

  /** Decodes a blob; any malformation gives the same {@link InvalidCiphertextException}. */
  public static CiphertextBlob decode(byte[] blob) {
    if (blob == null || blob.length < MIN_LENGTH || blob[0] != FORMAT_V1) {
      throw malformed();
    }
    int keyIdLength = Byte.toUnsignedInt(blob[1]);
    if (keyIdLength == 0 || blob.length < MIN_LENGTH - 1 + keyIdLength) {
      throw malformed();
    }
    ByteBuffer in = ByteBuffer.wrap(blob, 2, blob.length - 2);
    byte[] keyIdBytes = new byte[keyIdLength];
    in.get(keyIdBytes);
    int materialVersion = in.getInt();
    byte[] salt = new byte[SALT_BYTES];
    in.get(salt);
    byte[] iv = new byte[AesGcm.IV_BYTES];
    in.get(iv);
    byte[] sealed = new byte[in.remaining()];
    in.get(sealed);
    try {
      return new CiphertextBlob(
          new String(keyIdBytes, StandardCharsets.US_ASCII), materialVersion, salt, iv, sealed);
    } catch (CryptoException e) {
      throw malformed();
    }
  }

  /**
   * The key id of an encoded blob, read from its header without copying the salt, IV and sealed
   * data: the request path only needs it to route the blob, and the key decodes it in full. Rejects
   * exactly what {@link #decode} rejects.
   */
  public static String keyIdOf(byte[] blob) {
    if (blob == null || blob.length < MIN_LENGTH || blob[0] != FORMAT_V1) {
      throw malformed();
    }
    int keyIdLength = Byte.toUnsignedInt(blob[1]);
    if (keyIdLength == 0 || blob.length < MIN_LENGTH - 1 + keyIdLength) {
      throw malformed();
    }
    String keyId = new String(blob, 2, keyIdLength, StandardCharsets.US_ASCII);
    int materialVersion = ByteBuffer.wrap(blob, 2 + keyIdLength, Integer.BYTES).getInt();
    if (!isKeyId(keyId) || materialVersion < 1) {
      throw malformed();
    }
    return keyId;
  }

  /** Returns the header a blob for this key id and material version would have. */
  static byte[] header(String keyId, int materialVersion) {
    validateHeader(keyId, materialVersion);
    byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(2 + id.length + Integer.BYTES)
        .put(FORMAT_V1)
        .put((byte) id.length)
        .put(id)
        .putInt(materialVersion)
        .array();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CiphertextBlob other
        && keyId.equals(other.keyId)
        && materialVersion == other.materialVersion
        && Arrays.equals(salt, other.salt)
        && Arrays.equals(iv, other.iv)
        && Arrays.equals(sealed, other.sealed);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        keyId,
        materialVersion,
        Arrays.hashCode(salt),
        Arrays.hashCode(iv),
        Arrays.hashCode(sealed));
  }

  @Override
  public String toString() {
    return "CiphertextBlob[keyId="
        + keyId
        + ", materialVersion="
        + materialVersion
        + ", sealed="
        + sealed.length
        + " bytes]";
  }

  private static void validateHeader(String keyId, int materialVersion) {
    Objects.requireNonNull(keyId, "keyId");
    // Only ASCII is admitted, so the character count is also the encoded length.
    if (!isKeyId(keyId)) {
      throw new CryptoException(
          "key id must be 1 to " + MAX_KEY_ID_BYTES + " characters of [A-Za-z0-9-]");
    }
    if (materialVersion < 1) {
      throw new CryptoException("material version must be at least 1");
    }
  }

  /** [A-Za-z0-9-]{1,255}, checked by hand: a regex here costs more than the rest of the header. */
  private static boolean isKeyId(String keyId) {
    int n = keyId.length();
    if (n < 1 || n > MAX_KEY_ID_BYTES) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = keyId.charAt(i);
      if (!((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private static InvalidCiphertextException malformed() {
    return new InvalidCiphertextException("ciphertext blob is malformed");
  }
}
