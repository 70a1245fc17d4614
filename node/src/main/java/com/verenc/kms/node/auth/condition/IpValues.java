package com.verenc.kms.node.auth.condition;

import java.util.List;

/**
 * The values of an IpAddress condition: IPv4 and IPv6 CIDR blocks, or single addresses (a block of
 * one). An IPv4 block holds only IPv4 addresses and an IPv6 block only IPv6 ones; a request value
 * that is not an address matches nothing.
 */
final class IpValues implements ValueMatcher {
  /**
   * A block: its network and mask, IPv4 in the low 32 bits of {@code low}.
   *
   * @param ipv6 which family the block belongs to
   */
  private record Block(
      boolean ipv6, long networkHigh, long networkLow, long maskHigh, long maskLow) {
    boolean holdsIpv4(long address) {
      return !ipv6 && (address & maskLow) == networkLow;
    }

    boolean holdsIpv6(long high, long low) {
      return ipv6 && (high & maskHigh) == networkHigh && (low & maskLow) == networkLow;
    }
  }

  private final Block[] blocks;

  private IpValues(Block[] blocks) {
    this.blocks = blocks;
  }

  static IpValues compile(List<PolicyValue> values) {
    Block[] blocks = new Block[values.size()];
    for (int i = 0; i < blocks.length; i++) {
      PolicyValue value = values.get(i);
      blocks[i] = value.kind() == PolicyValue.Kind.STRING ? block(value.text()) : null;
      if (blocks[i] == null) {
        throw value.malformed(
            "must be an IPv4 or IPv6 address or CIDR block, e.g. \"203.0.113.0/24\" or"
                + " \"2001:db8::/32\"");
      }
    }
    return new IpValues(blocks);
  }

  @Override
  public boolean matchesAny(String requestValue) {
    if (requestValue.indexOf(':') >= 0) {
      if (!IpAddressText.isIpv6(requestValue)) {
        return false;
      }
      long high = IpAddressText.ipv6High(requestValue);
      long low = IpAddressText.ipv6Low(requestValue);
      for (Block block : blocks) {
        if (block.holdsIpv6(high, low)) {
          return true;
        }
      }
      return false;
    }
    long address = IpAddressText.ipv4(requestValue);
    if (address == IpAddressText.NONE) {
      return false;
    }
    for (Block block : blocks) {
      if (block.holdsIpv4(address)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The block a policy writes, or null. Host bits below the prefix are dropped, so {@code
   * 203.0.113.7/24} is the block {@code 203.0.113.0/24}.
   */
  private static Block block(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    boolean ipv6 = address.indexOf(':') >= 0;
    int bits = ipv6 ? 128 : 32;
    int prefix = slash < 0 ? bits : prefixLength(text.substring(slash + 1), bits);
    if (prefix < 0) {
      return null;
    }
    if (!ipv6) {
      long value = IpAddressText.ipv4(address);
      if (value == IpAddressText.NONE) {
        return null;
      }
      long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
      return new Block(false, 0, value & mask, 0, mask);
    }
    if (!IpAddressText.isIpv6(address)) {
      return null;
    }
    long maskHigh = mask64(Math.min(prefix, 64));
    long maskLow = mask64(Math.max(prefix - 64, 0));
    return new Block(
        true,
        IpAddressText.ipv6High(address) & maskHigh,
        IpAddressText.ipv6Low(address) & maskLow,
        maskHigh,
        maskLow);
  }

  /** The top {@code bits} bits of a long set. */
  private static long mask64(int bits) {
    return bits == 0 ? 0 : -1L << (64 - bits);
  }

  /** 0 to {@code max} in decimal without leading zeros, or -1. */
  private static int prefixLength(String text, int max) {
    if (text.isEmpty() || text.length() > 3 || (text.length() > 1 && text.charAt(0) == '0')) {
      return -1;
    }
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n <= max ? n : -1;
  }
}
