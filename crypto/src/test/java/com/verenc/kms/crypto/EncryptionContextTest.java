package com.verenc.kms.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EncryptionContextTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void nullAndEmptyEncodeAsZeroCount() {
    assertArrayEquals(new byte[4], EncryptionContext.canonical(null));
    assertArrayEquals(new byte[4], EncryptionContext.canonical(Map.of()));
  }

  @Test
  void encodesSortedLengthPrefixedEntries() {
    Map<String, String> context = new LinkedHashMap<>();
    context.put("b", "é");
    context.put("a", "xy");
    byte[] expected =
        HEX.parseHex(
            "00000002"
                + "00000001"
                + "61"
                + "00000002"
                + "7879"
                + "00000001"
                + "62"
                + "00000002"
                + "c3a9");
    assertArrayEquals(expected, EncryptionContext.canonical(context));
  }

  @Test
  void iterationOrderDoesNotMatter() {
    Map<String, String> forward = new LinkedHashMap<>();
    Map<String, String> backward = new LinkedHashMap<>();
    String[] keys = {"Department", "aws:userId", "purpose", "Z", "ä", "\uD83D\uDD11", "\uFFFD"};
    for (String k : keys) {
      forward.put(k, "v-" + k);
    }
    for (int i = keys.length - 1; i >= 0; i--) {
      backward.put(keys[i], "v-" + keys[i]);
    }
    byte[] encoded = EncryptionContext.canonical(forward);
    assertArrayEquals(encoded, EncryptionContext.canonical(backward));
    assertArrayEquals(encoded, EncryptionContext.canonical(new HashMap<>(forward)));
    assertArrayEquals(
        encoded, EncryptionContext.canonical(Collections.unmodifiableMap(new TreeMap<>(forward))));
  }

  @Test
  void sortsByUtf8BytesNotUtf16() {
    // U+FFFD sorts after U+1F511 in UTF-16 code units but before it in UTF-8 bytes.
    Map<String, String> context = new LinkedHashMap<>();
    context.put("\uD83D\uDD11", "1");
    context.put("\uFFFD", "2");
    byte[] encoded = EncryptionContext.canonical(context);
    byte[] firstKey = Arrays.copyOfRange(encoded, 8, 11);
    assertArrayEquals(HEX.parseHex("efbfbd"), firstKey);
  }

  @Test
  void boundariesBetweenKeyAndValueMatter() {
    assertFalse(
        Arrays.equals(
            EncryptionContext.canonical(Map.of("ab", "c")),
            EncryptionContext.canonical(Map.of("a", "bc"))));
    assertFalse(
        Arrays.equals(
            EncryptionContext.canonical(Map.of("a", "")), EncryptionContext.canonical(Map.of())));
  }

  @Test
  void rejectsNullsAndLoneSurrogates() {
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("k", null);
    Map<String, String> nullKey = new HashMap<>();
    nullKey.put(null, "v");
    assertThrows(CryptoException.class, () -> EncryptionContext.canonical(nullValue));
    assertThrows(CryptoException.class, () -> EncryptionContext.canonical(nullKey));
    assertThrows(CryptoException.class, () -> EncryptionContext.canonical(Map.of("\uD800", "v")));
    assertThrows(CryptoException.class, () -> EncryptionContext.canonical(Map.of("k", "\uDC00")));
  }
}
