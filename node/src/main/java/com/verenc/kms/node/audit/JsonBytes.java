package com.verenc.kms.node.audit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The members of one audit record as JSON in UTF-8, written straight into a byte array: a record
 * costs one small array instead of a JSON generator, its buffers and their copies
 * (docs/performance.md, "The audit trail"). Strings are escaped as RFC 8259 requires; a lone UTF-16
 * surrogate (an encryption context can carry one, written as a {@code \\u} escape in the request)
 * is kept as the same escape. Not thread-safe: one per record.
 */
final class JsonBytes {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private byte[] bytes;
  private int length;

  /** Whether a value was written since the last opening brace or bracket. */
  private boolean afterValue;

  JsonBytes(int capacity) {
    this.bytes = new byte[capacity];
  }

  /** The bytes written. */
  int length() {
    return length;
  }

  /** Copies the bytes written into {@code target} at {@code at}. */
  void copyInto(byte[] target, int at) {
    System.arraycopy(bytes, 0, target, at, length);
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, length);
  }

  /**
   * A member's name as this writes it ({@code "name":}), for the names every record repeats: copied
   * whole instead of escaped character by character each time.
   */
  static byte[] encodedName(String name) {
    JsonBytes json = new JsonBytes(name.length() + 3);
    json.name(name);
    return json.toByteArray();
  }

  /** A string member; nothing when {@code value} is null. */
  JsonBytes string(String name, String value) {
    if (value != null) {
      name(name);
      quoted(value);
      afterValue = true;
    }
    return this;
  }

  /** As {@link #string(String, String)} with the name from {@link #encodedName}. */
  JsonBytes string(byte[] encodedName, String value) {
    if (value != null) {
      name(encodedName);
      quoted(value);
      afterValue = true;
    }
    return this;
  }

  /** A string member whose value is ASCII text that needs no escaping. */
  JsonBytes ascii(byte[] encodedName, byte[] value) {
    name(encodedName);
    ensure(value.length + 2);
    bytes[length++] = '"';
    System.arraycopy(value, 0, bytes, length, value.length);
    length += value.length;
    bytes[length++] = '"';
    afterValue = true;
    return this;
  }

  JsonBytes number(String name, long value) {
    name(name);
    digits(value);
    afterValue = true;
    return this;
  }

  /**
   * A number member given in thousandths, written as a decimal with at least one and at most three
   * digits after the point ({@code 2500} is {@code 2.5}, {@code 3000} is {@code 3.0}).
   */
  JsonBytes thousandths(byte[] encodedName, long thousandths) {
    name(encodedName);
    if (thousandths < 0) {
      put((byte) '-');
      thousandths = -thousandths;
    }
    digits(thousandths / 1000);
    put((byte) '.');
    int fraction = (int) (thousandths % 1000);
    put((byte) ('0' + fraction / 100));
    if (fraction % 100 != 0) {
      put((byte) ('0' + fraction / 10 % 10));
      if (fraction % 10 != 0) {
        put((byte) ('0' + fraction % 10));
      }
    }
    afterValue = true;
    return this;
  }

  /** Opens an object member; {@code name} null for an object in an array. */
  JsonBytes startObject(String name) {
    open(name, '{');
    return this;
  }

  JsonBytes endObject() {
    close('}');
    return this;
  }

  JsonBytes startArray(byte[] encodedName) {
    name(encodedName);
    put((byte) '[');
    afterValue = false;
    return this;
  }

  JsonBytes endArray() {
    close(']');
    return this;
  }

  private void open(String name, char bracket) {
    if (name != null) {
      name(name);
    } else if (afterValue) {
      put((byte) ',');
    }
    put((byte) bracket);
    afterValue = false;
  }

  private void close(char bracket) {
    put((byte) bracket);
    afterValue = true;
  }

  private void name(String name) {
    if (afterValue) {
      put((byte) ',');
    }
    quoted(name);
    put((byte) ':');
  }

  private void name(byte[] encodedName) {
    ensure(encodedName.length + 1);
    if (afterValue) {
      bytes[length++] = ',';
    }
    System.arraycopy(encodedName, 0, bytes, length, encodedName.length);
    length += encodedName.length;
  }

  private void quoted(String s) {
    int n = s.length();
    ensure(n + 2);
    byte[] b = bytes;
    int at = length;
    b[at++] = '"';
    for (int i = 0; i < n; i++) {
      if (b.length - at < 7) {
        // Room for this char's longest form (a \\u escape) and the closing quote.
        length = at;
        ensure(n - i + 7);
        b = bytes;
      }
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x80) {
        if (c == '"' || c == '\\') {
          b[at++] = '\\';
        }
        b[at++] = (byte) c;
      } else if (c < 0x20) {
        at = control(b, at, c);
      } else if (c < 0x800) {
        b[at++] = (byte) (0xc0 | (c >> 6));
        b[at++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[at++] = (byte) (0xf0 | (cp >> 18));
        b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        b[at++] = (byte) (0x80 | (cp & 0x3f));
      } else if (Character.isSurrogate(c)) {
        at = unicodeEscape(b, at, c);
      } else {
        b[at++] = (byte) (0xe0 | (c >> 12));
        b[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        b[at++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    b[at++] = '"';
    length = at;
  }

  private static int control(byte[] b, int at, char c) {
    char short_ =
        switch (c) {
          case '\n' -> 'n';
          case '\r' -> 'r';
          case '\t' -> 't';
          case '\b' -> 'b';
          case '\f' -> 'f';
          default -> 0;
        };
    if (short_ == 0) {
      return unicodeEscape(b, at, c);
    }
    b[at++] = '\\';
    b[at++] = (byte) short_;
    return at;
  }

  private static int unicodeEscape(byte[] b, int at, char c) {
    b[at++] = '\\';
    b[at++] = 'u';
    b[at++] = HEX[(c >> 12) & 0xf];
    b[at++] = HEX[(c >> 8) & 0xf];
    b[at++] = HEX[(c >> 4) & 0xf];
    b[at++] = HEX[c & 0xf];
    return at;
  }

  private void digits(long value) {
    if (value < 0) {
      // Long.MIN_VALUE has no positive counterpart: the rare negative goes through a String.
      byte[] text = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
      ensure(text.length);
      System.arraycopy(text, 0, bytes, length, text.length);
      length += text.length;
      return;
    }
    int n = decimalLength(value);
    ensure(n);
    putDecimal(bytes, length, n, value);
    length += n;
  }

  /** How many decimal digits a number that is not negative has (compared, not divided: hot). */
  static int decimalLength(long value) {
    int n = 1;
    for (long bound = 10; n < 19 && value >= bound; bound *= 10) {
      n++;
    }
    return n;
  }

  /** Writes a number that is not negative as its {@code n} decimal digits at {@code at}. */
  static void putDecimal(byte[] target, int at, int n, long value) {
    for (int i = at + n - 1; i >= at; i--) {
      target[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }

  private void put(byte b) {
    ensure(1);
    bytes[length++] = b;
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }
}
