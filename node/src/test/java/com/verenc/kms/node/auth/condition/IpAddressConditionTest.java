package com.verenc.kms.node.auth.condition;

import static com.verenc.kms.node.auth.condition.TestRequest.holds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** IpAddress and NotIpAddress: IPv4 and IPv6 blocks and single addresses. */
class IpAddressConditionTest {
  private static final String IP = "aws:SourceIp";

  private static TestRequest from(String address) {
    return TestRequest.with(IP, address);
  }

  @Test
  void ipv4Blocks() {
    assertTrue(holds("IpAddress", IP, "\"203.0.113.0/24\"", from("203.0.113.77")));
    assertFalse(holds("IpAddress", IP, "\"203.0.113.0/24\"", from("203.0.114.1")));
    assertTrue(holds("IpAddress", IP, "\"10.0.0.0/8\"", from("10.255.255.255")));
    assertTrue(holds("IpAddress", IP, "\"0.0.0.0/0\"", from("192.0.2.1")));
    assertTrue(holds("IpAddress", IP, "\"192.0.2.1\"", from("192.0.2.1")));
    assertFalse(holds("IpAddress", IP, "\"192.0.2.1\"", from("192.0.2.2")));
    assertTrue(holds("IpAddress", IP, "\"192.0.2.1/32\"", from("192.0.2.1")));
    assertTrue(
        holds("IpAddress", IP, "\"203.0.113.7/24\"", from("203.0.113.200")), "host bits dropped");
    assertTrue(holds("IpAddress", IP, "[\"10.0.0.0/8\", \"172.16.0.0/12\"]", from("172.31.0.1")));
    assertFalse(holds("IpAddress", IP, "[\"10.0.0.0/8\", \"172.16.0.0/12\"]", from("172.32.0.1")));
  }

  @Test
  void ipv6Blocks() {
    assertTrue(holds("IpAddress", IP, "\"2001:db8::/32\"", from("2001:db8:1234::1")));
    assertTrue(
        holds(
            "IpAddress", IP, "\"2001:DB8::/32\"", from("2001:0db8:ffff:ffff:ffff:ffff:ffff:ffff")));
    assertFalse(holds("IpAddress", IP, "\"2001:db8::/32\"", from("2001:db9::1")));
    assertTrue(holds("IpAddress", IP, "\"2001:db8::/96\"", from("2001:db8::ffff:1")));
    assertFalse(holds("IpAddress", IP, "\"2001:db8::/96\"", from("2001:db8::1:0:1")));
    assertTrue(holds("IpAddress", IP, "\"::1\"", from("0:0:0:0:0:0:0:1")));
    assertTrue(holds("IpAddress", IP, "\"::/0\"", from("fe80::1")));
    assertTrue(holds("IpAddress", IP, "\"::ffff:192.0.2.0/120\"", from("::ffff:192.0.2.9")));
    assertTrue(holds("IpAddress", IP, "\"2001:db8:0:0:1::/80\"", from("2001:db8::1:0:0:5")));
  }

  @Test
  void familiesDoNotMix() {
    assertFalse(holds("IpAddress", IP, "\"0.0.0.0/0\"", from("::1")));
    assertFalse(holds("IpAddress", IP, "\"::/0\"", from("127.0.0.1")));
  }

  @Test
  void aRequestValueThatIsNotAnAddressMatchesNothing() {
    for (String notAnAddress :
        new String[] {
          "localhost",
          "",
          "1.2.3",
          "1.2.3.4.5",
          "256.1.1.1",
          "01.2.3.4",
          "1:2:3",
          "::1::",
          "1.2.3.4/32",
          "fe80::1%eth0"
        }) {
      assertFalse(holds("IpAddress", IP, "\"0.0.0.0/0\"", from(notAnAddress)), notAnAddress);
      assertFalse(holds("IpAddress", IP, "\"::/0\"", from(notAnAddress)), notAnAddress);
    }
  }

  @Test
  void notIpAddressWantsTheAddressInNoBlock() {
    assertTrue(holds("NotIpAddress", IP, "[\"10.0.0.0/8\", \"2001:db8::/32\"]", from("192.0.2.1")));
    assertFalse(holds("NotIpAddress", IP, "[\"10.0.0.0/8\", \"192.0.2.0/24\"]", from("192.0.2.1")));
    assertTrue(holds("NotIpAddress", IP, "\"10.0.0.0/8\"", TestRequest.empty()));
    assertFalse(holds("IpAddress", IP, "\"10.0.0.0/8\"", TestRequest.empty()));
    assertTrue(holds("IpAddressIfExists", IP, "\"10.0.0.0/8\"", TestRequest.empty()));
  }

  @Test
  void theIpv6ReaderAgreesWithJava() throws UnknownHostException {
    Random random = new Random(4291L);
    for (int round = 0; round < 20_000; round++) {
      byte[] bytes = new byte[16];
      for (int i = 0; i < 16; i++) {
        // Mostly zeros, so that :: appears in the text Java writes.
        bytes[i] = random.nextInt(3) == 0 ? (byte) random.nextInt(256) : 0;
      }
      String text = InetAddress.getByAddress(bytes).getHostAddress();
      if (random.nextBoolean()) {
        text = compress(text);
      }
      ByteBuffer expected = ByteBuffer.wrap(bytes);
      assertTrue(IpAddressText.isIpv6(text), text);
      assertEquals(expected.getLong(0), IpAddressText.ipv6High(text), text);
      assertEquals(expected.getLong(8), IpAddressText.ipv6Low(text), text);
    }
  }

  /** Java writes every group; this replaces the longest run of zero groups with ::. */
  private static String compress(String full) {
    String[] groups = full.split(":");
    int bestStart = -1;
    int bestLength = 0;
    for (int i = 0; i < groups.length; ) {
      int j = i;
      while (j < groups.length && groups[j].equals("0")) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    if (bestLength == 0) {
      return full;
    }
    String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
    String tail =
        String.join(
            ":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
    return head + "::" + tail;
  }
}
