package com.verenc.kms.node.auth.condition;

import java.util.Base64;
import java.util.List;

/**
 * The values of a BinaryEquals condition: base64 (standard alphabet, padding optional), compared as
 * the bytes it encodes. The request value is decoded as it is compared, into no buffer; one that is
 * not base64 matches nothing.
 */
final class BinaryValues implements ValueMatcher {
  private final byte[][] expected;

  private BinaryValues(byte[][] expected) {
    this.expected = expected;
  }

  static BinaryValues compile(List<PolicyValue> values) {
    byte[][] expected = new byte[values.size()][];
    for (int i = 0; i < expected.length; i++) {
      PolicyValue value = values.get(i);
      try {
        if (value.kind() != PolicyValue.Kind.STRING) {
          throw new IllegalArgumentException("not a string");
        }
        expected[i] = Base64.getDecoder().decode(value.text());
      } catch (IllegalArgumentException e) {
        throw value.malformed("must be base64, e.g. \"QmluYXJ5\"");
      }
    }
    return new BinaryValues(expected);
  }

  @Override
  public boolean matchesAny(String requestValue) {
    for (byte[] bytes : expected) {
      if (decodesTo(requestValue, bytes)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the text is base64 of exactly these bytes. Padding is optional, but when given it
   * completes the last quantum; bits below the last byte are ignored, as Java's decoder does.
   */
  static boolean decodesTo(String text, byte[] bytes) {
    int length = text.length();
    int padding = 0;
    while (padding < 2 && length > 0 && text.charAt(length - 1) == '=') {
      length--;
      padding++;
    }
    if ((padding > 0 && text.length() % 4 != 0) || length % 4 == 1) {
      return false;
    }
    if (length / 4 * 3 + Math.max(0, length % 4 - 1) != bytes.length) {
      return false;
    }
    int buffer = 0;
    int bits = 0;
    int next = 0;
    for (int i = 0; i < length; i++) {
      int sextet = sextet(text.charAt(i));
      if (sextet < 0) {
        return false;
      }
      buffer = (buffer << 6) | sextet;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        if ((byte) (buffer >> bits) != bytes[next++]) {
          return false;
        }
        buffer &= (1 << bits) - 1;
      }
    }
    return true;
  }

  private static int sextet(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    if (c == '+') {
      return 62;
    }
    return c == '/' ? 63 : -1;
  }
}
