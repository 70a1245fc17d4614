package com.verenc.kms.node.auth.condition;

/**
 * Reads IP addresses by hand, without objects: IPv4 dotted quads (no leading zeros, which some
 * readers take for octal) and IPv6 in its RFC 4291 text forms, with {@code ::} and a trailing
 * dotted quad; no zone ids. {@code java.net.InetAddress} is not used: given a text that is not an
 * address it would look the name up in DNS.
 */
final class IpAddressText {
  /** What the readers answer for a text that is not an address of their kind. */
  static final long NONE = -1;

  private static final int MAX_IPV6_LENGTH = 45;
  private static final int HIGH = 0;
  private static final int LOW = 1;
  private static final int VALID = 2;

  private IpAddressText() {}

  /** The address as an unsigned 32-bit number, or {@link #NONE}. */
  static long ipv4(String text) {
    return ipv4(text, 0, text.length());
  }

  static boolean isIpv6(String text) {
    return ipv6(text, VALID) == 1;
  }

  /** The upper 64 bits of an IPv6 address; only for a text {@link #isIpv6} accepts. */
  static long ipv6High(String text) {
    return ipv6(text, HIGH);
  }

  /** The lower 64 bits of an IPv6 address; only for a text {@link #isIpv6} accepts. */
  static long ipv6Low(String text) {
    return ipv6(text, LOW);
  }

  private static long ipv4(String text, int from, int to) {
    long address = 0;
    int octets = 0;
    int i = from;
    while (octets < 4) {
      int start = i;
      int value = 0;
      while (i < to && i - start < 3 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
        value = value * 10 + (text.charAt(i++) - '0');
      }
      int digits = i - start;
      if (digits == 0 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
        return NONE;
      }
      address = (address << 8) | value;
      if (++octets < 4) {
        if (i >= to || text.charAt(i) != '.') {
          return NONE;
        }
        i++;
      }
    }
    return i == to ? address : NONE;
  }

  /**
   * Reads the text once, keeping the groups before {@code ::} and those after it as two 128-bit
   * numbers (two longs each), and joins them at the end, when it is known how many zero groups
   * {@code ::} stands for. Answers one half, or 1/0 for valid, so that nothing is allocated.
   */
  private static long ipv6(String text, int want) {
    int n = text.length();
    if (n < 2 || n > MAX_IPV6_LENGTH) {
      return fail(want);
    }
    long headHigh = 0;
    long headLow = 0;
    long tailHigh = 0;
    long tailLow = 0;
    int groups = 0;
    int gapAt = -1;
    int i = 0;
    if (text.charAt(0) == ':') {
      if (text.charAt(1) != ':') {
        return fail(want);
      }
      gapAt = 0;
      i = 2;
    }
    while (i < n) {
      int start = i;
      int value = 0;
      while (i < n && i - start < 4 && hex(text.charAt(i)) >= 0) {
        value = (value << 4) | hex(text.charAt(i++));
      }
      if (i < n && text.charAt(i) == '.') {
        // A dotted quad ends the address and fills its last two groups.
        long quad = ipv4(text, start, n);
        if (quad == NONE || groups > 6) {
          return fail(want);
        }
        for (int half = 1; half >= 0; half--) {
          int group = (int) (quad >>> (16 * half)) & 0xffff;
          if (gapAt < 0) {
            headHigh = (headHigh << 16) | (headLow >>> 48);
            headLow = (headLow << 16) | group;
          } else {
            tailHigh = (tailHigh << 16) | (tailLow >>> 48);
            tailLow = (tailLow << 16) | group;
          }
        }
        groups += 2;
        i = n;
        break;
      }
      if (i == start || groups == 8) {
        return fail(want);
      }
      if (gapAt < 0) {
        headHigh = (headHigh << 16) | (headLow >>> 48);
        headLow = (headLow << 16) | value;
      } else {
        tailHigh = (tailHigh << 16) | (tailLow >>> 48);
        tailLow = (tailLow << 16) | value;
      }
      groups++;
      if (i == n) {
        break;
      }
      if (text.charAt(i) != ':' || i + 1 == n) {
        return fail(want);
      }
      i++;
      if (text.charAt(i) == ':') {
        if (gapAt >= 0) {
          return fail(want);
        }
        gapAt = groups;
        i++;
      }
    }
    if (gapAt < 0 ? groups != 8 : groups > 7) {
      return fail(want);
    }
    if (want == VALID) {
      return 1;
    }
    if (gapAt < 0) {
      return want == HIGH ? headHigh : headLow;
    }
    // The head moves up past the zero groups :: stands for and the tail after it.
    int shift = 16 * (8 - gapAt);
    long high;
    long low;
    if (shift >= 128) {
      high = 0;
      low = 0;
    } else if (shift >= 64) {
      high = headLow << (shift - 64);
      low = 0;
    } else {
      high = (headHigh << shift) | (headLow >>> (64 - shift));
      low = headLow << shift;
    }
    return want == HIGH ? high | tailHigh : low | tailLow;
  }

  /** An ASCII hex digit's value, or -1: Character.digit would take other scripts' digits too. */
  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  private static long fail(int want) {
    return want == VALID ? 0 : NONE;
  }
}
