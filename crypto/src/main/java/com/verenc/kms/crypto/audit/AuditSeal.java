package com.verenc.kms.crypto.audit;

import com.verenc.kms.crypto.CryptoException;
import com.verenc.kms.crypto.masterkey.MasterKey;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tamper evidence of the audit trail, shared by the node that writes records and the tool that
 * checks them: each record line ends with the SHA-256 of everything before it (which includes the
 * previous record's hash, so the records form a chain), and signature records carry an HMAC-SHA256,
 * under a key derived from the master key, of everything before it.
 *
 * <p>A line is a JSON object on one line: {@code PREFIX,"hash":"<64 hex>"}} where PREFIX is the
 * object without its closing brace and the hash is SHA-256(PREFIX in UTF-8). A signature record's
 * PREFIX itself ends with {@code ,"mac":"<64 hex>"}, the HMAC of what precedes that member. Not
 * thread-safe: one instance per thread.
 */
public final class AuditSeal {

  /** What the signing key is derived for, from the master key. */
  public static final String SIGNING_KEY_PURPOSE = "verenc-kms audit trail signing key";

  /** The hash a chain's first record names as its previous one. */
  public static final String GENESIS = "0".repeat(64);

  private static final int SIGNING_KEY_BYTES = 32;
  private static final int HEX_LENGTH = 64;
  private static final byte[] HASH_MEMBER = ",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MAC_MEMBER = ",\"mac\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final MessageDigest sha256;
  private final Mac hmac;
  private final byte[] digest = new byte[32];

  /**
   * @param signingKey from {@link #signingKey}; null for a seal that only hashes (checking chains
   *     without the master key)
   */
  public AuditSeal(byte[] signingKey) {
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
      if (signingKey == null) {
        this.hmac = null;
      } else {
        this.hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
      }
    } catch (GeneralSecurityException e) {
      throw new CryptoException("this JDK lacks SHA-256 or HmacSHA256", e);
    }
  }

  /** The key signature records are made with: always the same for the same master key. */
  public static byte[] signingKey(MasterKey masterKey) {
    return masterKey.derive(SIGNING_KEY_PURPOSE, SIGNING_KEY_BYTES);
  }

  /** A sealed record: the line (newline included) and its hash, which the next record names. */
  public record Sealed(byte[] line, String hash) {}

  /** Seals a record prefix (a JSON object without its closing brace) into a line. */
  public Sealed seal(byte[] prefix) {
    byte[] line = Arrays.copyOf(prefix, sealedLength(prefix.length));
    sealInPlace(line, prefix.length);
    return new Sealed(
        line, new String(line, hashAt(prefix.length), HEX_LENGTH, StandardCharsets.US_ASCII));
  }

  /**
   * The length of the line {@link #sealInPlace} makes of a prefix of {@code prefixLength} bytes.
   */
  public static int sealedLength(int prefixLength) {
    return hashAt(prefixLength) + HEX_LENGTH + 3;
  }

  /** Where the 64 hex digits of the hash start in a line sealed from a prefix of that length. */
  public static int hashAt(int prefixLength) {
    return prefixLength + HASH_MEMBER.length;
  }

  /**
   * Seals the record prefix in {@code line[0, prefixLength)} where it is: the hash member, the
   * closing brace and the newline fill the rest of {@code line}, which is {@link #sealedLength}
   * long. The same line as {@link #seal}, without copying the prefix (the node's request records).
   */
  public void sealInPlace(byte[] line, int prefixLength) {
    if (line.length != sealedLength(prefixLength)) {
      throw new IllegalArgumentException("the line has no room for exactly the hash member");
    }
    sha256.update(line, 0, prefixLength);
    try {
      sha256.digest(digest, 0, digest.length);
    } catch (DigestException e) {
      throw new CryptoException("SHA-256 failed", e);
    }
    int at = prefixLength;
    System.arraycopy(HASH_MEMBER, 0, line, at, HASH_MEMBER.length);
    at += HASH_MEMBER.length;
    for (byte b : digest) {
      line[at++] = HEX_DIGITS[(b >> 4) & 0xf];
      line[at++] = HEX_DIGITS[b & 0xf];
    }
    line[at++] = '"';
    line[at++] = '}';
    line[at] = '\n';
  }

  /** Appends the signature member to a signature record's prefix. */
  public byte[] sign(byte[] prefix) {
    byte[] mac = HEX.formatHex(requireKey().doFinal(prefix)).getBytes(StandardCharsets.US_ASCII);
    byte[] signed = Arrays.copyOf(prefix, prefix.length + MAC_MEMBER.length + HEX_LENGTH + 1);
    System.arraycopy(MAC_MEMBER, 0, signed, prefix.length, MAC_MEMBER.length);
    System.arraycopy(mac, 0, signed, prefix.length + MAC_MEMBER.length, HEX_LENGTH);
    signed[signed.length - 1] = '"';
    return signed;
  }

  /**
   * What a line (without its newline) says its hash is, and what its content hashes to; empty when
   * the line does not end with a hash member as {@link #seal} writes it.
   */
  public Optional<LineHash> hashOf(byte[] line) {
    int member = lastIndexOf(line, HASH_MEMBER, line.length);
    int hexStart = member + HASH_MEMBER.length;
    if (member < 0
        || line.length != hexStart + HEX_LENGTH + 2
        || line[line.length - 2] != '"'
        || line[line.length - 1] != '}'
        || !isHex(line, hexStart)) {
      return Optional.empty();
    }
    sha256.update(line, 0, member);
    return Optional.of(
        new LineHash(
            new String(line, hexStart, HEX_LENGTH, StandardCharsets.US_ASCII),
            HEX.formatHex(sha256.digest())));
  }

  /** A line's declared hash and the hash of its content; they differ when it was edited. */
  public record LineHash(String declared, String computed) {
    public boolean intact() {
      return declared.equals(computed);
    }
  }

  /**
   * Whether a signature line (without its newline) carries a valid signature. False when it has no
   * signature member where {@link #sign} puts it.
   */
  public boolean signatureValid(byte[] line) {
    int hashMember = lastIndexOf(line, HASH_MEMBER, line.length);
    if (hashMember < 0) {
      return false;
    }
    int macEnd = hashMember - 1;
    int member = lastIndexOf(line, MAC_MEMBER, hashMember);
    int hexStart = member + MAC_MEMBER.length;
    if (member < 0
        || hexStart + HEX_LENGTH != macEnd
        || line[macEnd] != '"'
        || !isHex(line, hexStart)) {
      return false;
    }
    Mac mac = requireKey();
    mac.update(line, 0, member);
    byte[] expected = mac.doFinal();
    byte[] declared =
        HEX.parseHex(new String(line, hexStart, HEX_LENGTH, StandardCharsets.US_ASCII));
    return MessageDigest.isEqual(expected, declared);
  }

  private Mac requireKey() {
    if (hmac == null) {
      throw new IllegalStateException("this seal was made without the signing key");
    }
    return hmac;
  }

  private static boolean isHex(byte[] bytes, int from) {
    for (int i = from; i < from + HEX_LENGTH; i++) {
      byte b = bytes[i];
      if (!((b >= '0' && b <= '9') || (b >= 'a' && b <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** The last start of {@code needle} in {@code bytes} that ends at or before {@code end}. */
  private static int lastIndexOf(byte[] bytes, byte[] needle, int end) {
    outer:
    for (int i = end - needle.length; i >= 0; i--) {
      for (int j = 0; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
