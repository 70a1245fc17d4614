package com.verenc.kms.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HmacTest {

  private static final HexFormat HEX = HexFormat.of();

  // RFC 4231 section 4.3, test case 2: key "Jefe", data "what do ya want for nothing?".
  private static final byte[] JEFE = "Jefe".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA =
      "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
  private static final Map<MacAlgorithm, String> RFC4231_CASE_2 =
      Map.of(
          MacAlgorithm.HMAC_SHA_224,
          "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44",
          MacAlgorithm.HMAC_SHA_256,
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
          MacAlgorithm.HMAC_SHA_384,
          "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
              + "8e2240ca5e69e2c78b3239ecfab21649",
          MacAlgorithm.HMAC_SHA_512,
          "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
              + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");

  @Test
  void rfc4231TestCase2() {
    // Twice round, interleaved, so that the per-thread Macs are re-keyed correctly.
    for (int round = 0; round < 2; round++) {
      for (MacAlgorithm algorithm : MacAlgorithm.values()) {
        byte[] expected = HEX.parseHex(RFC4231_CASE_2.get(algorithm));
        assertArrayEquals(expected, Hmac.generate(algorithm, JEFE, DATA), algorithm.name());
        assertEquals(expected.length, algorithm.macBytes());
        assertTrue(Hmac.verify(algorithm, JEFE, DATA, expected));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = KeySpec.class,
      names = {"HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512"})
  void newKeyIsAsLongAsTheSpecSays(KeySpec spec) {
    byte[] key = Hmac.newKey(spec);
    assertEquals(spec.keyBits() / 8, key.length);
    assertFalse(Arrays.equals(key, Hmac.newKey(spec)));
  }

  @ParameterizedTest
  @EnumSource(
      value = KeySpec.class,
      names = {"HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512"})
  void eachSpecAllowsExactlyItsAlgorithm(KeySpec spec) {
    byte[] key = Hmac.newKey(spec);
    MacAlgorithm own = MacAlgorithm.valueOf("HMAC_SHA_" + spec.name().substring(5));
    assertEquals(java.util.List.of(own), spec.macAlgorithms());
    byte[] mac = Hmac.generate(spec, own, key, DATA);
    assertArrayEquals(Hmac.generate(own, key, DATA), mac);
    assertTrue(Hmac.verify(spec, own, key, DATA, mac));
    for (MacAlgorithm other : MacAlgorithm.values()) {
      if (other != own) {
        assertThrows(
            IncompatibleAlgorithmException.class, () -> Hmac.generate(spec, other, key, DATA));
        assertThrows(
            IncompatibleAlgorithmException.class, () -> Hmac.verify(spec, other, key, DATA, mac));
      }
    }
  }

  @Test
  void specKeyLengthIsChecked() {
    byte[] shortKey = new byte[31];
    assertThrows(
        CryptoException.class,
        () -> Hmac.generate(KeySpec.HMAC_256, MacAlgorithm.HMAC_SHA_256, shortKey, DATA));
    byte[] longestKey = new byte[64];
    Hmac.generate(KeySpec.HMAC_256, MacAlgorithm.HMAC_SHA_256, longestKey, DATA);
    assertThrows(
        CryptoException.class,
        () -> Hmac.generate(KeySpec.HMAC_256, MacAlgorithm.HMAC_SHA_256, new byte[65], DATA));
    assertThrows(
        CryptoException.class, () -> Hmac.generate(MacAlgorithm.HMAC_SHA_256, new byte[0], DATA));
  }

  @Test
  void nonHmacSpecsAreRefused() {
    assertThrows(IncompatibleAlgorithmException.class, () -> Hmac.newKey(KeySpec.RSA_2048));
    assertThrows(
        IncompatibleAlgorithmException.class,
        () ->
            Hmac.generate(
                KeySpec.SYMMETRIC_DEFAULT, MacAlgorithm.HMAC_SHA_256, new byte[32], DATA));
  }

  @ParameterizedTest
  @EnumSource(MacAlgorithm.class)
  void tamperedMessageOrMacFails(MacAlgorithm algorithm) {
    byte[] key = RandomBytes.next(32);
    byte[] mac = Hmac.generate(algorithm, key, DATA);
    byte[] message = DATA.clone();
    message[0] ^= 1;
    assertFalse(Hmac.verify(algorithm, key, message, mac));
    for (int i = 0; i < mac.length; i++) {
      byte[] tampered = mac.clone();
      tampered[i] ^= (byte) 0x80;
      assertFalse(Hmac.verify(algorithm, key, DATA, tampered));
    }
    assertFalse(Hmac.verify(algorithm, key, DATA, Arrays.copyOf(mac, mac.length - 1)));
    assertFalse(Hmac.verify(algorithm, key, DATA, Arrays.copyOf(mac, mac.length + 1)));
    assertFalse(Hmac.verify(algorithm, key, DATA, new byte[0]));
    assertFalse(Hmac.verify(algorithm, RandomBytes.next(32), DATA, mac));
  }
}
