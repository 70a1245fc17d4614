package com.verenc.kms.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.bouncycastle.crypto.engines.AESWrapPadEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyWrapTest {

  private static final HexFormat HEX = HexFormat.of();

  // RFC 5649 section 6, both examples use this 192-bit KEK.
  private static final byte[] RFC_KEK =
      HEX.parseHex("5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8");

  @Test
  void rfc5649TwentyOctetKey() {
    byte[] key = HEX.parseHex("c37b7e6492584340bed12207808941155068f738");
    byte[] expected =
        HEX.parseHex("138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a");
    assertArrayEquals(expected, KeyWrap.wrap(RFC_KEK, key));
    assertArrayEquals(key, KeyWrap.unwrap(RFC_KEK, expected));
  }

  @Test
  void rfc5649SevenOctetKey() {
    byte[] key = HEX.parseHex("466f7250617369");
    byte[] expected = HEX.parseHex("afbeb0f07dfbf5419200f2ccb50bb24f");
    assertArrayEquals(expected, KeyWrap.wrap(RFC_KEK, key));
    assertArrayEquals(key, KeyWrap.unwrap(RFC_KEK, expected));
  }

  @ParameterizedTest
  @ValueSource(ints = {16, 24, 32})
  void roundTripsWithEveryKekSize(int kekBytes) {
    byte[] kek = RandomBytes.next(kekBytes);
    for (int length : new int[] {1, 7, 8, 9, 32, 100}) {
      byte[] material = RandomBytes.next(length);
      assertArrayEquals(material, KeyWrap.unwrap(kek, KeyWrap.wrap(kek, material)));
    }
  }

  /**
   * Material wrapped with Bouncy Castle's engine must unwrap here, and ours must match it byte for
   * byte.
   */
  @ParameterizedTest
  @ValueSource(ints = {16, 24, 32})
  void byteIdenticalToBouncyCastleEngine(int kekBytes) throws Exception {
    for (int round = 0; round < 20; round++) {
      byte[] kek = RandomBytes.next(kekBytes);
      for (int length : new int[] {1, 7, 8, 9, 16, 24, 31, 32, 33, 64, 100}) {
        byte[] material = RandomBytes.next(length);
        AESWrapPadEngine bc = new AESWrapPadEngine();
        bc.init(true, new KeyParameter(kek));
        byte[] bcWrapped = bc.wrap(material, 0, material.length);
        assertArrayEquals(bcWrapped, KeyWrap.wrap(kek, material));
        assertArrayEquals(material, KeyWrap.unwrap(kek, bcWrapped));
      }
    }
  }

  @Test
  void tamperedWrappingFailsIntegrityCheck() {
    byte[] kek = RandomBytes.next(32);
    byte[] wrapped = KeyWrap.wrap(kek, RandomBytes.next(32));
    for (int i = 0; i < wrapped.length; i++) {
      byte[] tampered = wrapped.clone();
      tampered[i] ^= 0x01;
      CryptoException e = assertThrows(CryptoException.class, () -> KeyWrap.unwrap(kek, tampered));
      assertEquals("wrapped key material failed integrity check", e.getMessage());
    }
  }

  @Test
  void wrongKekFailsIntegrityCheck() {
    byte[] wrapped = KeyWrap.wrap(RandomBytes.next(32), RandomBytes.next(32));
    assertThrows(CryptoException.class, () -> KeyWrap.unwrap(RandomBytes.next(32), wrapped));
  }

  @Test
  void malformedLengthsFailIntegrityCheck() {
    byte[] kek = RandomBytes.next(32);
    for (int length : new int[] {0, 8, 15, 17, 23}) {
      CryptoException e =
          assertThrows(CryptoException.class, () -> KeyWrap.unwrap(kek, new byte[length]));
      assertEquals("wrapped key material failed integrity check", e.getMessage());
    }
  }

  @Test
  void rejectsBadKekLengthAndEmptyKey() {
    assertThrows(CryptoException.class, () -> KeyWrap.wrap(new byte[15], new byte[16]));
    assertThrows(CryptoException.class, () -> KeyWrap.unwrap(new byte[33], new byte[24]));
    assertThrows(CryptoException.class, () -> KeyWrap.wrap(new byte[32], new byte[0]));
  }
}
