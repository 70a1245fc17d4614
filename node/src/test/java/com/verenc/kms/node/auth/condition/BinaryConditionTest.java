package com.verenc.kms.node.auth.condition;

import static com.verenc.kms.node.auth.condition.TestRequest.holds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** BinaryEquals compares the bytes base64 encodes. */
class BinaryConditionTest {
  private static final String KEY = "kms:EncryptionContext:blob";

  @Test
  void comparesTheEncodedBytes() {
    assertTrue(holds("BinaryEquals", KEY, "\"QmluYXJ5\"", TestRequest.with(KEY, "QmluYXJ5")));
    assertTrue(
        holds("BinaryEquals", KEY, "[\"eA==\", \"QmluYXJ5\"]", TestRequest.with(KEY, "QmluYXJ5")));
    assertFalse(holds("BinaryEquals", KEY, "\"QmluYXJ5\"", TestRequest.with(KEY, "QmluYXJ6")));
    // Padding is optional on either side.
    assertTrue(holds("BinaryEquals", KEY, "\"QUI\"", TestRequest.with(KEY, "QUI=")));
    assertTrue(holds("BinaryEquals", KEY, "\"QUI=\"", TestRequest.with(KEY, "QUI")));
  }

  @Test
  void aRequestValueThatIsNotBase64MatchesNothing() {
    assertFalse(holds("BinaryEquals", KEY, "\"QUI=\"", TestRequest.with(KEY, "QU!=")));
    assertFalse(holds("BinaryEquals", KEY, "\"QUI=\"", TestRequest.with(KEY, "QUI==")));
    assertFalse(holds("BinaryEquals", KEY, "\"QUI=\"", TestRequest.with(KEY, "Q")));
    assertFalse(holds("BinaryEquals", KEY, "\"QUI=\"", TestRequest.empty()));
    assertTrue(holds("BinaryEqualsIfExists", KEY, "\"QUI=\"", TestRequest.empty()));
  }

  @Test
  void theStreamingComparisonAgreesWithJavasDecoder() {
    Random random = new Random(5649L);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ ";
    for (int round = 0; round < 50_000; round++) {
      byte[] bytes = new byte[random.nextInt(6)];
      random.nextBytes(bytes);
      String text;
      if (random.nextBoolean()) {
        text = Base64.getEncoder().encodeToString(bytes);
        if (random.nextBoolean()) {
          text = text.replace("=", "");
        }
      } else {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(10); i > 0; i--) {
          s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        text = s.toString();
      }
      boolean expected;
      try {
        expected = Arrays.equals(Base64.getDecoder().decode(text), bytes);
      } catch (IllegalArgumentException e) {
        expected = false;
      }
      String shown = text;
      assertEquals(expected, BinaryValues.decodesTo(text, bytes), () -> shown);
    }
  }
}
