package com.verenc.kms.crypto.masterkey;

import com.verenc.kms.crypto.CryptoException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The stored form of a key's secret wrapped under a master key: a header naming the master key,
 * then what that key's kind makes of the secret.
 *
 * <table>
 *   <caption>Format version 1</caption>
 *   <tr><th>Offset</th><th>Length</th><th>Field</th></tr>
 *   <tr><td>0</td><td>3</td><td>magic, ASCII {@code VMK}</td></tr>
 *   <tr><td>3</td><td>1</td><td>format version {@code 0x01}</td></tr>
 *   <tr><td>4</td><td>1</td><td>master key kind: {@code 0x01} file, {@code 0x02} PKCS #11</td></tr>
 *   <tr><td>5</td><td>1</td><td>name length N, 1..255</td></tr>
 *   <tr><td>6</td><td>N</td><td>master key name, UTF-8 ({@link MasterKeyId})</td></tr>
 *   <tr><td>6+N</td><td>rest</td><td>the wrapped secret</td></tr>
 * </table>
 *
 * <p>Secrets stored before the header existed are the bare RFC 5649 wrap of a 32-byte secret under
 * the key file: always exactly 40 bytes, which a headed secret never is (a file key's is 38 or at
 * least 46 bytes, a PKCS #11 key's, of a secret of at least 16 bytes, at least 51), so a 40-byte
 * value reads as one of those, wrapped by {@link MasterKeyId#UNNAMED_FILE}.
 *
 * @param header the bytes before the payload, authenticated by master keys that can (AEAD)
 */
public record WrappedSecret(MasterKeyId wrappedBy, byte[] header, byte[] payload) {

  /** Length of a secret wrapped before secrets named their master key. */
  static final int UNNAMED_LENGTH = 40;

  private static final byte[] MAGIC = {'V', 'M', 'K'};
  private static final int FORMAT_VERSION = 1;

  public WrappedSecret {
    Objects.requireNonNull(wrappedBy, "wrappedBy");
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(payload, "payload");
  }

  /** The header a secret wrapped by {@code key} starts with. */
  static byte[] headerFor(MasterKeyId key) {
    byte[] name = key.name().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(6 + name.length);
    out.writeBytes(MAGIC);
    out.write(FORMAT_VERSION);
    out.write(key.kind().code());
    out.write(name.length);
    out.writeBytes(name);
    return out.toByteArray();
  }

  /** The stored form: header, then payload. */
  public byte[] encode() {
    byte[] stored = Arrays.copyOf(header, header.length + payload.length);
    System.arraycopy(payload, 0, stored, header.length, payload.length);
    return stored;
  }

  /**
   * Reads a stored secret; which master key wrapped it is known without any key.
   *
   * @throws CryptoException when {@code stored} is neither format
   */
  public static WrappedSecret decode(byte[] stored) {
    Objects.requireNonNull(stored, "stored");
    if (stored.length == UNNAMED_LENGTH) {
      return new WrappedSecret(MasterKeyId.UNNAMED_FILE, new byte[0], stored.clone());
    }
    if (stored.length < 7
        || !Arrays.equals(stored, 0, 3, MAGIC, 0, 3)
        || stored[3] != FORMAT_VERSION) {
      throw new CryptoException("not a wrapped secret of a known format");
    }
    MasterKeyId.Kind kind = MasterKeyId.Kind.ofCode(stored[4] & 0xff);
    int nameLength = stored[5] & 0xff;
    int end = 6 + nameLength;
    if (nameLength == 0 || stored.length <= end) {
      throw new CryptoException("wrapped secret is truncated");
    }
    String name = new String(stored, 6, nameLength, StandardCharsets.UTF_8);
    return new WrappedSecret(
        new MasterKeyId(kind, name),
        Arrays.copyOf(stored, end),
        Arrays.copyOfRange(stored, end, stored.length));
  }

  /**
   * Checks that {@code key} made this secret.
   *
   * @throws CryptoException naming both master keys otherwise
   */
  void requireWrappedBy(MasterKeyId key) {
    if (!key.opens(wrappedBy)) {
      throw new CryptoException(
          "this secret was wrapped under master key "
              + wrappedBy
              + ", not under this node's master key "
              + key
              + ": start the node with the master key that wrapped it");
    }
  }
}
