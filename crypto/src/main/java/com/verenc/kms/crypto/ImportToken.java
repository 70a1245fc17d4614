package com.verenc.kms.crypto;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * The import token of GetParametersForImport: the wrapping private key and what it may import,
 * sealed under the KMS key's own secret, so that the KMS keeps no state between the two calls.
 *
 * <p>Token format version {@value #FORMAT_VERSION}: the version byte, a 16-byte random salt, a
 * 12-byte GCM IV, then AES-256-GCM ciphertext and tag. The GCM key is HKDF-SHA256(secret, salt,
 * {@value #KEY_LABEL}), so the per-key secret never keys anything directly and each token has its
 * own key; the additional data is the version byte and the UTF-8 key id. The plaintext is ValidTo
 * (8-byte epoch seconds, 4-byte nanoseconds), the WrappingKeySpec and WrappingAlgorithm names (each
 * after a 1-byte length), then the wrapping private key, DER PKCS #8, to the end.
 */
public final class ImportToken {

  /** How long a token and its wrapping public key are valid, as in AWS. */
  public static final Duration VALIDITY = Duration.ofHours(24);

  static final byte FORMAT_VERSION = 1;
  static final String KEY_LABEL = "verenc-kms import token v1";

  private static final int SECRET_BYTES = 32;
  private static final int SALT_BYTES = 16;
  private static final int HEADER_BYTES = 1 + SALT_BYTES + AesGcm.IV_BYTES;
  private static final String INVALID = "import token is not valid for this KMS key";

  private final String keyId;
  private final WrappingKeySpec wrappingKeySpec;
  private final WrappingAlgorithm wrappingAlgorithm;
  private final byte[] wrappingPrivateKeyDer;
  private final Instant validTo;

  private ImportToken(
      String keyId,
      WrappingKeySpec wrappingKeySpec,
      WrappingAlgorithm wrappingAlgorithm,
      byte[] wrappingPrivateKeyDer,
      Instant validTo) {
    this.keyId = keyId;
    this.wrappingKeySpec = wrappingKeySpec;
    this.wrappingAlgorithm = wrappingAlgorithm;
    this.wrappingPrivateKeyDer = wrappingPrivateKeyDer;
    this.validTo = validTo;
  }

  /** ValidTo of a token issued at {@code issuedAt}: {@link #VALIDITY} later. */
  public static Instant validTo(Instant issuedAt) {
    return Objects.requireNonNull(issuedAt, "issuedAt").plus(VALIDITY);
  }

  /**
   * Seals a token for KMS key {@code keyId} under that key's 32-byte {@code secret}, valid until
   * {@link #validTo validTo(issuedAt)}.
   */
  public static byte[] seal(
      byte[] secret,
      String keyId,
      WrappingKeySpec wrappingKeySpec,
      WrappingAlgorithm wrappingAlgorithm,
      byte[] wrappingPrivateKeyDer,
      Instant issuedAt) {
    requireSecret(secret);
    byte[] aad = aad(keyId);
    Objects.requireNonNull(wrappingKeySpec, "wrappingKeySpec");
    Objects.requireNonNull(wrappingAlgorithm, "wrappingAlgorithm");
    Objects.requireNonNull(wrappingPrivateKeyDer, "wrappingPrivateKeyDer");
    Instant validTo = validTo(issuedAt);
    byte[] spec = ascii(wrappingKeySpec.name());
    byte[] algorithm = ascii(wrappingAlgorithm.name());
    byte[] plaintext =
        ByteBuffer.allocate(
                Long.BYTES
                    + Integer.BYTES
                    + 2
                    + spec.length
                    + algorithm.length
                    + wrappingPrivateKeyDer.length)
            .putLong(validTo.getEpochSecond())
            .putInt(validTo.getNano())
            .put((byte) spec.length)
            .put(spec)
            .put((byte) algorithm.length)
            .put(algorithm)
            .put(wrappingPrivateKeyDer)
            .array();
    byte[] random = RandomBytes.next(SALT_BYTES + AesGcm.IV_BYTES);
    byte[] salt = Arrays.copyOfRange(random, 0, SALT_BYTES);
    byte[] iv = Arrays.copyOfRange(random, SALT_BYTES, random.length);
    byte[] key = tokenKey(secret, salt);
    try {
      byte[] sealed = AesGcm.encrypt(key, iv, plaintext, aad);
      return ByteBuffer.allocate(HEADER_BYTES + sealed.length)
          .put(FORMAT_VERSION)
          .put(salt)
          .put(iv)
          .put(sealed)
          .array();
    } finally {
      Arrays.fill(key, (byte) 0);
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /**
   * Opens a token for KMS key {@code keyId}. A token that is malformed, tampered, or sealed for
   * another key or under another secret is an {@link InvalidImportTokenException} with one message;
   * an authentic token after its ValidTo is an {@link ExpiredImportTokenException}.
   */
  public static ImportToken open(byte[] secret, String keyId, byte[] token, Instant now) {
    requireSecret(secret);
    byte[] aad = aad(keyId);
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(now, "now");
    if (token.length < HEADER_BYTES + AesGcm.TAG_BYTES || token[0] != FORMAT_VERSION) {
      throw new InvalidImportTokenException(INVALID);
    }
    byte[] salt = Arrays.copyOfRange(token, 1, 1 + SALT_BYTES);
    byte[] iv = Arrays.copyOfRange(token, 1 + SALT_BYTES, HEADER_BYTES);
    byte[] sealed = Arrays.copyOfRange(token, HEADER_BYTES, token.length);
    byte[] key = tokenKey(secret, salt);
    byte[] plaintext;
    try {
      plaintext = AesGcm.decrypt(key, iv, sealed, aad);
    } catch (InvalidCiphertextException e) {
      throw new InvalidImportTokenException(INVALID);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
    ImportToken contents;
    try {
      contents = decode(keyId, ByteBuffer.wrap(plaintext));
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
    // Checked only once the token is authentic, so that ValidTo cannot be forged.
    if (now.isAfter(contents.validTo)) {
      contents.wipe();
      throw new ExpiredImportTokenException("import token expired at " + contents.validTo);
    }
    return contents;
  }

  public String keyId() {
    return keyId;
  }

  public WrappingKeySpec wrappingKeySpec() {
    return wrappingKeySpec;
  }

  public WrappingAlgorithm wrappingAlgorithm() {
    return wrappingAlgorithm;
  }

  /** The wrapping private key, DER PKCS #8, for {@link ImportWrapping#unwrap}. */
  public byte[] wrappingPrivateKeyDer() {
    return wrappingPrivateKeyDer.clone();
  }

  public Instant validTo() {
    return validTo;
  }

  /** Zeroes the private key held here, once the import is done. */
  public void wipe() {
    Arrays.fill(wrappingPrivateKeyDer, (byte) 0);
  }

  @Override
  public String toString() {
    return "ImportToken[" + keyId + ", " + wrappingKeySpec + ", " + wrappingAlgorithm + "]";
  }

  /**
   * The authenticated plaintext; a layout this class did not write means a bug or a secret reused
   * across versions, and is refused like any other token that does not open.
   */
  private static ImportToken decode(String keyId, ByteBuffer fields) {
    try {
      Instant validTo = Instant.ofEpochSecond(fields.getLong(), fields.getInt());
      WrappingKeySpec spec = WrappingKeySpec.valueOf(name(fields));
      WrappingAlgorithm algorithm = WrappingAlgorithm.valueOf(name(fields));
      if (!fields.hasRemaining()) {
        throw new InvalidImportTokenException(INVALID);
      }
      byte[] privateKeyDer = new byte[fields.remaining()];
      fields.get(privateKeyDer);
      return new ImportToken(keyId, spec, algorithm, privateKeyDer, validTo);
    } catch (BufferUnderflowException | IllegalArgumentException | DateTimeException e) {
      throw new InvalidImportTokenException(INVALID);
    }
  }

  private static String name(ByteBuffer fields) {
    byte[] name = new byte[Byte.toUnsignedInt(fields.get())];
    fields.get(name);
    return new String(name, StandardCharsets.US_ASCII);
  }

  private static byte[] tokenKey(byte[] secret, byte[] salt) {
    return Hkdf.deriveSha256(
        secret, salt, KEY_LABEL.getBytes(StandardCharsets.UTF_8), AesGcm.KEY_BYTES);
  }

  private static byte[] aad(String keyId) {
    Objects.requireNonNull(keyId, "keyId");
    if (keyId.isEmpty()) {
      throw new IllegalArgumentException("keyId must not be empty");
    }
    byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + id.length).put(FORMAT_VERSION).put(id).array();
  }

  private static byte[] ascii(String name) {
    return name.getBytes(StandardCharsets.US_ASCII);
  }

  private static void requireSecret(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length != SECRET_BYTES) {
      throw new CryptoException("import token secret must be " + SECRET_BYTES + " bytes");
    }
  }
}
