package com.verenc.kms.crypto.masterkey;

import com.verenc.kms.crypto.CryptoException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Names a master key without revealing it: its kind and, for a key file, a fingerprint derived from
 * the key (HKDF, so it says nothing about the key), for a PKCS #11 key, the key's label in its
 * token. Every wrapped secret records the id of the master key that wrapped it.
 *
 * @param name 1 to 255 UTF-8 bytes; empty only for {@link #UNNAMED_FILE}
 */
public record MasterKeyId(Kind kind, String name) {

  /** The key file that wrapped secrets stored before secrets named their master key. */
  public static final MasterKeyId UNNAMED_FILE = new MasterKeyId(Kind.FILE, "");

  /** Where a master key lives; the code is its byte in {@link WrappedSecret}'s header. */
  public enum Kind {
    FILE(1, "file"),
    PKCS11(2, "pkcs11");

    private final int code;
    private final String label;

    Kind(int code, String label) {
      this.code = code;
      this.label = label;
    }

    int code() {
      return code;
    }

    static Kind ofCode(int code) {
      for (Kind kind : values()) {
        if (kind.code == code) {
          return kind;
        }
      }
      throw new CryptoException(
          "wrapped secret names an unknown kind of master key (" + code + ")");
    }
  }

  public MasterKeyId {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    boolean unnamedFile = kind == Kind.FILE && bytes == 0;
    if ((bytes == 0 && !unnamedFile) || bytes > 255) {
      throw new CryptoException("a master key's name has 1 to 255 UTF-8 bytes");
    }
  }

  /** Whether a secret wrapped by {@code wrappedBy} is this key's to open. */
  boolean opens(MasterKeyId wrappedBy) {
    return equals(wrappedBy) || (kind == Kind.FILE && wrappedBy.equals(UNNAMED_FILE));
  }

  /** {@code file:3f2a...}, {@code pkcs11:kms-master}, or {@code file (unnamed)}. */
  @Override
  public String toString() {
    return name.isEmpty() ? kind.label + " (unnamed)" : kind.label + ":" + name;
  }
}
