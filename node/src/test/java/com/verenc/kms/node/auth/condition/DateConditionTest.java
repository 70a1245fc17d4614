package com.verenc.kms.node.auth.condition;

import static com.verenc.kms.node.auth.condition.TestRequest.holds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Date operators: ISO 8601 dates and date-times (UTC without an offset) and epoch seconds. */
class DateConditionTest {
  private static final String NOW = "aws:CurrentTime";
  private static final TestRequest NOON = TestRequest.with(NOW, "2025-01-31T12:00:00Z");

  @Test
  void everyComparison() {
    assertTrue(holds("DateEquals", NOW, "\"2025-01-31T12:00:00Z\"", NOON));
    assertFalse(holds("DateEquals", NOW, "\"2025-01-31T12:00:01Z\"", NOON));
    assertTrue(holds("DateNotEquals", NOW, "\"2025-01-31T12:00:01Z\"", NOON));
    assertFalse(holds("DateNotEquals", NOW, "\"2025-01-31T12:00:00Z\"", NOON));
    assertTrue(holds("DateLessThan", NOW, "\"2025-01-31T12:00:01Z\"", NOON));
    assertFalse(holds("DateLessThan", NOW, "\"2025-01-31T12:00:00Z\"", NOON));
    assertTrue(holds("DateLessThanEquals", NOW, "\"2025-01-31T12:00:00Z\"", NOON));
    assertFalse(holds("DateLessThanEquals", NOW, "\"2025-01-31T11:59:59Z\"", NOON));
    assertTrue(holds("DateGreaterThan", NOW, "\"2025-01-31T11:59:59Z\"", NOON));
    assertFalse(holds("DateGreaterThan", NOW, "\"2025-01-31T12:00:00Z\"", NOON));
    assertTrue(holds("DateGreaterThanEquals", NOW, "\"2025-01-31T12:00:00Z\"", NOON));
    assertFalse(holds("DateGreaterThanEquals", NOW, "\"2025-01-31T12:00:01Z\"", NOON));
  }

  @Test
  void theThreeFormsNameTheSameInstant() {
    long epoch = Instant.parse("2025-01-31T00:00:00Z").getEpochSecond();
    TestRequest midnight = TestRequest.with(NOW, "2025-01-31T00:00:00Z");
    assertTrue(holds("DateEquals", NOW, "\"2025-01-31\"", midnight));
    assertTrue(holds("DateEquals", NOW, "\"2025-01-31T00:00:00\"", midnight), "UTC by default");
    assertTrue(holds("DateEquals", NOW, "\"2025-01-31T01:00:00+01:00\"", midnight));
    assertTrue(holds("DateEquals", NOW, "\"2025-01-31T00:00\"", midnight));
    assertTrue(holds("DateEquals", NOW, String.valueOf(epoch), midnight));
    assertTrue(holds("DateEquals", NOW, "\"" + epoch + "\"", midnight));
    assertTrue(holds("DateEquals", NOW, "\"2025-01-31\"", TestRequest.with(NOW, "" + epoch)));
    assertTrue(
        holds(
            "DateEquals", NOW, "\"2025-01-31\"", TestRequest.with(NOW, "2025-01-30T19:00-05:00")));
  }

  @Test
  void fractionsOfASecondCount() {
    TestRequest request = TestRequest.with(NOW, "2025-01-31T12:00:00.250Z");
    assertTrue(holds("DateGreaterThan", NOW, "\"2025-01-31T12:00:00Z\"", request));
    assertTrue(holds("DateLessThan", NOW, "\"2025-01-31T12:00:00.5Z\"", request));
    assertTrue(holds("DateEquals", NOW, "\"2025-01-31T12:00:00.25Z\"", request));
    assertTrue(holds("DateLessThan", NOW, "\"2025-01-31T12:00:00.000000001Z\"", NOON));
  }

  @Test
  void aRequestValueThatIsNoDateMatchesNothing() {
    for (String notADate :
        new String[] {
          "yesterday", "", "2025-02-30T00:00:00Z", "2025-01-31T24:00:00Z", "2025-13-01"
        }) {
      TestRequest request = TestRequest.with(NOW, notADate);
      assertFalse(holds("DateLessThan", NOW, "\"2030-01-01\"", request), notADate);
      assertFalse(holds("DateGreaterThan", NOW, "\"2000-01-01\"", request), notADate);
      assertTrue(holds("DateNotEquals", NOW, "\"2000-01-01\"", request), notADate);
    }
  }

  @Test
  void missingKeyAndIfExists() {
    TestRequest none = TestRequest.empty();
    assertFalse(holds("DateLessThan", NOW, "\"2030-01-01\"", none));
    assertTrue(holds("DateNotEquals", NOW, "\"2030-01-01\"", none));
    assertTrue(holds("DateLessThanIfExists", NOW, "\"2030-01-01\"", none));
    assertFalse(holds("DateGreaterThanIfExists", NOW, "\"2030-01-01\"", NOON));
  }

  @Test
  void negatedDatesWantNoValueToMatch() {
    assertFalse(holds("DateNotEquals", NOW, "[\"2000-01-01\", \"2025-01-31T12:00:00Z\"]", NOON));
    assertTrue(holds("DateNotEquals", NOW, "[\"2000-01-01\", \"2001-01-01\"]", NOON));
  }

  @Test
  void theHandReaderAgreesWithJavaTime() {
    Random random = new Random(20250131L);
    for (int i = 0; i < 20_000; i++) {
      LocalDateTime time =
          LocalDateTime.ofEpochSecond(
              random.nextLong(-62_135_596_800L, 253_402_300_799L), 0, ZoneOffset.UTC);
      String text = time.toInstant(ZoneOffset.UTC).toString();
      assertEquals(time.toEpochSecond(ZoneOffset.UTC), DateText.fastEpochSecond(text), text);
    }
    assertEquals(
        Instant.parse("2024-02-29T23:59:59Z").getEpochSecond(),
        DateText.fastEpochSecond("2024-02-29T23:59:59Z"));
    assertEquals(DateText.NOT_FAST, DateText.fastEpochSecond("2023-02-29T00:00:00Z"));
    assertEquals(DateText.NOT_FAST, DateText.fastEpochSecond("2023-01-01T00:00:00.5Z"));
    assertNull(DateText.instant("2023-02-29T00:00:00Z"));
    assertNull(DateText.instant("99999999999999999"), "beyond Instant's range");
  }
}
