package com.verenc.kms.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Canonical byte encoding of an encryption context, so that the same context always yields the same
 * additional authenticated data whatever the map's iteration order.
 *
 * <p>Encoding (all integers 4-byte big-endian, all strings UTF-8):
 *
 * <pre>
 *   count
 *   repeated count times, entries sorted by key:
 *     key length, key bytes, value length, value bytes
 * </pre>
 *
 * Keys are sorted by unsigned lexicographic order of their UTF-8 bytes (which is Unicode code point
 * order). A {@code null} or empty map encodes as four zero bytes. Strings must be valid Unicode (no
 * lone surrogates), because Java would otherwise map distinct strings to the same bytes; {@code
 * null} keys or values are rejected.
 */
public final class EncryptionContext {

  private EncryptionContext() {}

  /** Returns the canonical encoding described on this class. */
  public static byte[] canonical(Map<String, String> context) {
    if (context == null || context.isEmpty()) {
      return new byte[Integer.BYTES];
    }
    List<byte[][]> entries = new ArrayList<>(context.size());
    long size = Integer.BYTES;
    for (Map.Entry<String, String> entry : context.entrySet()) {
      byte[] key = utf8(entry.getKey());
      byte[] value = utf8(entry.getValue());
      entries.add(new byte[][] {key, value});
      size += 2L * Integer.BYTES + key.length + value.length;
    }
    if (size > Integer.MAX_VALUE - 8) {
      throw new CryptoException("encryption context is too large");
    }
    entries.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
    ByteBuffer out = ByteBuffer.allocate((int) size);
    out.putInt(entries.size());
    for (byte[][] entry : entries) {
      out.putInt(entry[0].length).put(entry[0]);
      out.putInt(entry[1].length).put(entry[1]);
    }
    return out.array();
  }

  private static byte[] utf8(String s) {
    if (s == null) {
      throw new CryptoException("encryption context keys and values must not be null");
    }
    try {
      ByteBuffer encoded =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(s));
      byte[] bytes = new byte[encoded.remaining()];
      encoded.get(bytes);
      return bytes;
    } catch (CharacterCodingException e) {
      throw new CryptoException("encryption context must be valid Unicode");
    }
  }
}
