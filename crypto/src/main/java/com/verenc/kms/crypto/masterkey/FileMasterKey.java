package com.verenc.kms.crypto.masterkey;

import com.verenc.kms.crypto.CryptoException;
import com.verenc.kms.crypto.Hkdf;
import com.verenc.kms.crypto.KeyWrap;
import com.verenc.kms.crypto.RandomBytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

/**
 * A master key (AES-256) read from a key file; secrets are wrapped under it with RFC 5649 (AES key
 * wrap with padding) and named by a fingerprint of the key.
 *
 * <p>Key file format: the 32 raw key bytes, base64-encoded (RFC 4648, with padding) on one line; a
 * trailing newline is accepted on read.
 */
public final class FileMasterKey implements MasterKey {

  public static final int KEY_BYTES = 32;

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private static final String FORMAT_RULE =
      "must contain one base64-encoded " + KEY_BYTES + "-byte key";

  private static final String FINGERPRINT_PURPOSE = "verenc-kms master key fingerprint";
  private static final int FINGERPRINT_BYTES = 8;

  private final byte[] key;
  private final MasterKeyId id;

  private FileMasterKey(byte[] key) {
    this.key = key;
    this.id =
        new MasterKeyId(
            MasterKeyId.Kind.FILE,
            HexFormat.of().formatHex(derive(FINGERPRINT_PURPOSE, FINGERPRINT_BYTES)));
  }

  /** Returns a master key holding a copy of the 32-byte {@code key}. */
  public static FileMasterKey of(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length != KEY_BYTES) {
      throw new CryptoException("master key must be " + KEY_BYTES + " bytes");
    }
    return new FileMasterKey(key.clone());
  }

  /** Returns a freshly generated random master key. */
  public static FileMasterKey generate() {
    return new FileMasterKey(RandomBytes.next(KEY_BYTES));
  }

  /** {@code file:} and the first 8 bytes, in hex, of a key derived for the purpose. */
  @Override
  public MasterKeyId id() {
    return id;
  }

  /** The secret wrapped with RFC 5649 under this key, after the header naming it. */
  @Override
  public byte[] wrap(byte[] secret) {
    return new WrappedSecret(id, WrappedSecret.headerFor(id), KeyWrap.wrap(key, secret)).encode();
  }

  /** Also opens secrets stored before secrets named their master key (bare RFC 5649). */
  @Override
  public byte[] unwrap(byte[] stored) {
    WrappedSecret wrapped = WrappedSecret.decode(stored);
    wrapped.requireWrappedBy(id);
    return KeyWrap.unwrap(key, wrapped.payload());
  }

  /** HKDF-SHA256 of the key with {@code purpose} as info. */
  @Override
  public byte[] derive(String purpose, int length) {
    return Hkdf.deriveSha256(key, null, purpose.getBytes(StandardCharsets.UTF_8), length);
  }

  /** Returns a copy of the raw key bytes, for writing the key file. */
  public byte[] encoded() {
    return key.clone();
  }

  /** Reads a master key from a key file in the format described on this class. */
  public static FileMasterKey readFrom(Path file) {
    Objects.requireNonNull(file, "file");
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CryptoException("master key file " + file + " does not exist; it " + FORMAT_RULE);
    } catch (AccessDeniedException e) {
      throw new CryptoException(
          "master key file " + file + " is not readable; it " + FORMAT_RULE, e);
    } catch (IOException e) {
      throw new CryptoException(
          "master key file " + file + " could not be read; it " + FORMAT_RULE, e);
    }
    ByteBuffer decoded = null;
    try {
      decoded =
          Base64.getDecoder()
              .decode(ByteBuffer.wrap(content, 0, lengthWithoutTrailingNewline(content)));
      if (decoded.remaining() != KEY_BYTES) {
        throw invalidContent(file);
      }
      byte[] key = new byte[KEY_BYTES];
      decoded.get(key);
      return new FileMasterKey(key);
    } catch (IllegalArgumentException e) {
      // The decoder's message can quote a character of the file, so it is not kept as the cause.
      throw invalidContent(file);
    } finally {
      Arrays.fill(content, (byte) 0);
      if (decoded != null && decoded.hasArray()) {
        Arrays.fill(decoded.array(), (byte) 0);
      }
    }
  }

  /**
   * Writes this key to a new file readable and writable by its owner only, creating parent
   * directories; fails if the file exists so that a key is never silently replaced.
   */
  public void writeTo(Path file) {
    Objects.requireNonNull(file, "file");
    byte[] line = encodedLine();
    boolean created = false;
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
      // Permissions are set at creation so the key is never briefly world-readable.
      FileAttribute<?>[] attributes =
          posix
              ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
              : new FileAttribute<?>[0];
      try (SeekableByteChannel channel =
          Files.newByteChannel(
              file,
              EnumSet.of(
                  StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC),
              attributes)) {
        created = true;
        if (!posix) {
          restrictToOwner(file);
        }
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
    } catch (FileAlreadyExistsException e) {
      throw new CryptoException(
          "master key file " + file + " already exists; refusing to overwrite it");
    } catch (IOException e) {
      if (created) {
        deleteQuietly(file);
      }
      throw new CryptoException("master key file " + file + " could not be written", e);
    } finally {
      Arrays.fill(line, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "FileMasterKey[AES-256, " + id + ", redacted]";
  }

  private byte[] encodedLine() {
    byte[] base64 = Base64.getEncoder().encode(key);
    byte[] line = Arrays.copyOf(base64, base64.length + 1);
    line[base64.length] = '\n';
    Arrays.fill(base64, (byte) 0);
    return line;
  }

  private static int lengthWithoutTrailingNewline(byte[] content) {
    int end = content.length;
    if (end > 0 && content[end - 1] == '\n') {
      end--;
      if (end > 0 && content[end - 1] == '\r') {
        end--;
      }
    }
    return end;
  }

  private static void restrictToOwner(Path file) {
    java.io.File f = file.toFile();
    // Clear for everyone first, then grant the owner, which is how java.io.File expresses 600.
    f.setReadable(false, false);
    f.setWritable(false, false);
    f.setExecutable(false, false);
    f.setReadable(true, true);
    f.setWritable(true, true);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // The original write failure is the error worth reporting.
    }
  }

  private static CryptoException invalidContent(Path file) {
    return new CryptoException("master key file " + file + " " + FORMAT_RULE);
  }
}
