package com.verenc.kms.node.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonBytesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void stringsOfEveryKindReadBackAsWritten() throws Exception {
    List<String> values =
        List.of(
            "",
            "plain ascii",
            "quote \" backslash \\ slash /",
            "controls \n \r \t \b \f \u0000 \u0001 \u001f \u007f",
            "latin é ß, greek λ, cjk 鍵, emoji 🔑 and 😀",
            "lone surrogates \ud800 and \udfff, reversed pair \udc00\ud800",
            "x".repeat(5_000));
    JsonBytes json = new JsonBytes(16);
    for (int i = 0; i < values.size(); i++) {
      json.string("k" + i, values.get(i));
    }
    JsonNode read = parse(json);
    for (int i = 0; i < values.size(); i++) {
      assertEquals(values.get(i), read.get("k" + i).asText(), "value " + i);
    }
    String text = text(json);
    assertFalse(text.chars().anyMatch(c -> c < 0x20), "no raw control character: " + text);
    assertTrue(text.contains("\\ud800"), "a lone surrogate is kept as its escape: " + text);
  }

  @Test
  void nullMembersAreLeftOutAndNestingTakesCommasWhereJsonNeedsThem() throws Exception {
    JsonBytes json =
        new JsonBytes(8)
            .string("a", null)
            .string("b", "1")
            .startArray(JsonBytes.encodedName("keys"))
            .startObject(null)
            .string("role", "KeyId")
            .endObject()
            .startObject(null)
            .string("role", null)
            .endObject()
            .endArray()
            .startObject("context")
            .string("x", "y")
            .endObject()
            .number("n", 1_234_567_890_123L)
            .number("zero", 0)
            .number("negative", Long.MIN_VALUE);
    assertEquals(
        "\"b\":\"1\",\"keys\":[{\"role\":\"KeyId\"},{}],\"context\":{\"x\":\"y\"},"
            + "\"n\":1234567890123,\"zero\":0,\"negative\":-9223372036854775808",
        text(json));
    parse(json);
  }

  @Test
  void numbersOfEveryLengthAreWrittenWithAllTheirDigits() {
    List<Long> values =
        new ArrayList<>(
            List.of(
                0L,
                Long.MAX_VALUE,
                -1L,
                Long.MIN_VALUE,
                999_999_999_999_999_999L,
                1_000_000_000_000_000_000L,
                1_000_000_000_000_000_001L));
    for (long power = 1; power <= Long.MAX_VALUE / 10; power *= 10) {
      values.addAll(List.of(power - 1, power, power + 1, power * 10 - 1));
    }
    for (long value : values) {
      assertEquals("\"n\":" + value, text(new JsonBytes(1).number("n", value)));
      if (value >= 0) {
        assertEquals(Long.toString(value).length(), JsonBytes.decimalLength(value));
      }
    }
  }

  @Test
  void thousandthsAreDecimalsWithOneToThreeFractionDigits() {
    assertEquals(
        "\"t\":2.5", text(new JsonBytes(4).thousandths(JsonBytes.encodedName("t"), 2_500)));
    assertEquals(
        "\"t\":3.0", text(new JsonBytes(4).thousandths(JsonBytes.encodedName("t"), 3_000)));
    assertEquals("\"t\":0.001", text(new JsonBytes(4).thousandths(JsonBytes.encodedName("t"), 1)));
    assertEquals("\"t\":0.05", text(new JsonBytes(4).thousandths(JsonBytes.encodedName("t"), 50)));
    assertEquals(
        "\"t\":12.345", text(new JsonBytes(4).thousandths(JsonBytes.encodedName("t"), 12_345)));
    assertEquals(
        "\"t\":-1.2", text(new JsonBytes(4).thousandths(JsonBytes.encodedName("t"), -1_200)));
  }

  @Test
  void aRequestRecordsMembersAreTheRecordsValues() throws Exception {
    Map<String, String> context = new LinkedHashMap<>();
    context.put("purpose", "test \"quoted\"");
    context.put("tenant", "ü");
    AuditRecord record =
        new AuditRecord(
            Instant.parse("2026-12-03T10:15:30.123Z"),
            "req-1",
            "Encrypt",
            "111122223333",
            "arn:aws:iam::111122223333:user/alice",
            "AKIDEXAMPLE",
            "127.0.0.1",
            "aws-cli/2 \n injected",
            List.of(
                new AuditedKey(
                    "KeyId", "alias/app", "alias/app", "arn:aws:kms:eu-west-1:111122223333:key/k")),
            Map.of("encryptionContext", context),
            null,
            "AccessDeniedException",
            12.345);
    JsonNode read = parse(new AuditJson("zone-a", "node-1").request(record));
    assertEquals("2026-12-03T10:15:30.123Z", read.get("time").asText());
    assertEquals("zone-a", read.get("zone").asText());
    assertEquals("node-1", read.get("node").asText());
    assertEquals("req-1", read.get("requestId").asText());
    assertEquals("arn:aws:iam::111122223333:user/alice", read.get("principal").asText());
    assertEquals("aws-cli/2 \n injected", read.get("userAgent").asText());
    assertEquals("alias/app", read.get("keys").get(0).get("alias").asText());
    assertEquals(
        "arn:aws:kms:eu-west-1:111122223333:key/k", read.get("keys").get(0).get("arn").asText());
    assertEquals("test \"quoted\"", read.get("encryptionContext").get("purpose").asText());
    assertEquals("ü", read.get("encryptionContext").get("tenant").asText());
    assertFalse(read.has("grantId"));
    assertEquals("error", read.get("outcome").asText());
    assertEquals("AccessDeniedException", read.get("errorCode").asText());
    assertEquals(12.345, read.get("latencyMs").asDouble());
  }

  @Test
  void encodedNamesAreWrittenAsTheirStringsWouldBe() {
    for (String name : List.of("time", "a\"b\\c", "ü\n", "")) {
      assertEquals(
          text(new JsonBytes(1).number("n", 1).string(name, "v")),
          text(new JsonBytes(1).number("n", 1).string(JsonBytes.encodedName(name), "v")));
    }
  }

  @Test
  void recordTimesHaveTheirOwnMillisecondsWithinASecondAndAcrossSeconds() throws Exception {
    DateTimeFormatter format =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    AuditJson json = new AuditJson("zone-a", "node-1");
    Instant start = Instant.parse("2026-12-31T23:59:58.998Z");
    Instant far = Instant.parse("+12026-01-01T00:00:00.005Z");
    List<Instant> times = new ArrayList<>();
    for (long ms : List.of(0L, 0L, 1L, 2L, 9L, 10L, 101L, 1001L, 1002L, 1000L, 3000L, 2L)) {
      times.add(start.plusMillis(ms));
    }
    times.addAll(List.of(far, far.plusMillis(1), far.plusMillis(2)));
    for (Instant time : times) {
      assertEquals(format.format(time), parse(json.start(time, "new", 0)).get("time").asText());
    }
    assertEquals("2026-12-31T23:59:59.000Z", format.format(start.plusMillis(2)));
  }

  private static JsonNode parse(JsonBytes json) throws Exception {
    return MAPPER.readTree("{" + text(json) + "}");
  }

  private static String text(JsonBytes json) {
    return new String(json.toByteArray(), StandardCharsets.UTF_8);
  }
}
