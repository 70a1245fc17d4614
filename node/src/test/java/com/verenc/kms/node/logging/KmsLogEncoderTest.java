package com.verenc.kms.node.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** Log lines: ISO-8601 UTC text by default, one valid JSON object per line with the json format. */
class KmsLogEncoderTest {
  private static final Instant AT = Instant.parse("2026-12-02T16:30:05.123Z");

  private static LoggingEvent event(String message, Throwable thrown) {
    Logger logger = new LoggerContext().getLogger("com.verenc.kms.node.key.KeyEntity");
    LoggingEvent e = new LoggingEvent("fqcn", logger, Level.WARN, message, thrown, null);
    e.setTimeStamp(AT.toEpochMilli());
    e.setThreadName("verenc-kms-pekko.actor.default-dispatcher-5");
    e.setMDCPropertyMap(Map.of("pekkoSource", "pekko://verenc-kms/system/sharding/key"));
    return e;
  }

  private static String encode(String format, LoggingEvent event) {
    return new String(new KmsLogEncoder(format).encode(event), StandardCharsets.UTF_8);
  }

  @Test
  void textLinesCarryTheDateAndZone() {
    String line = encode("text", event("Key k: rotated", null));
    assertEquals(
        "2026-12-02T16:30:05.123Z WARN  com.verenc.kms.node.key.KeyEntity [pekko://verenc-kms/system/sharding/key]"
            + " - Key k: rotated\n",
        line);
  }

  @Test
  void jsonLinesAreOneObjectEachWithEveryFieldEscaped() throws Exception {
    String line =
        encode(
            "json",
            event("a \"quoted\"\nmessage\twith\\ and \u0001", new IllegalStateException("boom")));
    assertTrue(line.endsWith("}\n"));
    assertEquals(1, line.lines().count(), "one line per event");
    JsonNode node = new ObjectMapper().readTree(line);
    assertEquals("2026-12-02T16:30:05.123Z", node.get("time").asText());
    assertEquals("WARN", node.get("level").asText());
    assertEquals("com.verenc.kms.node.key.KeyEntity", node.get("logger").asText());
    assertEquals("a \"quoted\"\nmessage\twith\\ and \u0001", node.get("message").asText());
    assertEquals("pekko://verenc-kms/system/sharding/key", node.get("pekkoSource").asText());
    assertTrue(node.get("exception").asText().contains("IllegalStateException: boom"));
  }

  private static LoggingEvent withPairs() {
    LoggingEvent e = event("API request answered", null);
    e.addKeyValuePair(new KeyValuePair("requestId", "r-1"));
    e.addKeyValuePair(new KeyValuePair("principal", "arn:aws:iam::111122223333:user/a b"));
    e.addKeyValuePair(new KeyValuePair("account", null));
    e.addKeyValuePair(new KeyValuePair("status", 500));
    e.addKeyValuePair(new KeyValuePair("latencyMs", 1.5));
    return e;
  }

  @Test
  void keyValuePairsAreJsonMembersNumbersUnquoted() throws Exception {
    JsonNode node = new ObjectMapper().readTree(encode("json", withPairs()));
    assertEquals("r-1", node.get("requestId").asText());
    assertEquals("arn:aws:iam::111122223333:user/a b", node.get("principal").asText());
    assertTrue(node.get("status").isInt());
    assertEquals(1.5, node.get("latencyMs").asDouble());
    assertTrue(!node.has("account"), "a pair without a value is left out");
  }

  @Test
  void keyValuePairsFollowTheTextMessage() {
    assertEquals(
        "2026-12-02T16:30:05.123Z WARN  com.verenc.kms.node.key.KeyEntity [pekko://verenc-kms/system/sharding/key]"
            + " - API request answered requestId=r-1"
            + " principal=\"arn:aws:iam::111122223333:user/a b\" status=500 latencyMs=1.5\n",
        encode("text", withPairs()));
  }
}
