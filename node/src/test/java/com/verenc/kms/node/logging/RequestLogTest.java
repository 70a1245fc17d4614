package com.verenc.kms.node.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.node.audit.AuditRecord;
import com.verenc.kms.node.audit.AuditedKey;
import com.verenc.kms.node.config.RequestLogging;
import com.verenc.kms.node.testkit.CapturedLog;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which requests the request log gives a line at which level, and what a line holds: the request's
 * facts as JSON members, never its encryption context.
 */
class RequestLogTest {
  private static final String KEY_ARN =
      "arn:aws:kms:ch-gva-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  @RegisterExtension final CapturedLog logged = CapturedLog.named(RequestLog.LOGGER);

  private static AuditRecord record(String operation, String errorCode) {
    return new AuditRecord(
        Instant.parse("2026-12-03T06:00:00Z"),
        "0f6c6a1e-4a5b-4c3d-9e8f-1a2b3c4d5e6f",
        operation,
        "111122223333",
        "arn:aws:iam::111122223333:user/app",
        "AKIDEXAMPLE",
        "127.0.0.1",
        "aws-sdk-java/2",
        List.of(new AuditedKey("KeyId", "alias/app", "alias/app", KEY_ARN)),
        Map.of("encryptionContext", Map.of("tenant", "context-value-secret")),
        null,
        errorCode,
        1.25);
  }

  private static JsonNode json(ILoggingEvent event) throws Exception {
    String line = new String(new KmsLogEncoder("json").encode(event), StandardCharsets.UTF_8);
    assertEquals(1, line.lines().count(), line);
    return new ObjectMapper().readTree(line);
  }

  @Test
  void offLogsNothing() {
    RequestLog log = new RequestLog(RequestLogging.OFF);
    assertFalse(log.logs(500, "KMSInternalException"));
    log.answered(record("Encrypt", "KMSInternalException"), 500);
    log.answered(record("Encrypt", "ThrottlingException"), 400);
    assertEquals(List.of(), logged.events());
  }

  @Test
  void errorsLogsServerErrorsAndThrottlingOnlyAtWarn() throws Exception {
    RequestLog log = new RequestLog(RequestLogging.ERRORS);
    assertFalse(log.logs(200, null), "a successful request costs no record");
    assertFalse(log.logs(400, "NotFoundException"));
    log.answered(record("Encrypt", null), 200);
    log.answered(record("DescribeKey", "NotFoundException"), 400);
    log.answered(record("Encrypt", "ThrottlingException"), 400);
    log.answered(record("Decrypt", "KMSInternalException"), 500);

    List<ILoggingEvent> events = logged.events();
    assertEquals(2, events.size());
    assertTrue(events.stream().allMatch(e -> e.getLevel() == Level.WARN));
    assertEquals("ThrottlingException", json(events.get(0)).get("outcome").asText());
    assertEquals("KMSInternalException", json(events.get(1)).get("outcome").asText());
    assertEquals(500, json(events.get(1)).get("status").asInt());
  }

  @Test
  void allLogsRefusalsAndSuccessesAtInfo() throws Exception {
    RequestLog log = new RequestLog(RequestLogging.ALL);
    log.answered(record("Encrypt", null), 200);
    log.answered(record("DescribeKey", "NotFoundException"), 400);
    log.answered(record("Decrypt", "KMSInternalException"), 500);

    List<ILoggingEvent> events = logged.events();
    assertEquals(
        List.of(Level.INFO, Level.INFO, Level.WARN),
        events.stream().map(ILoggingEvent::getLevel).toList());
    JsonNode ok = json(events.get(0));
    assertEquals(RequestLog.LOGGER, ok.get("logger").asText());
    assertEquals("0f6c6a1e-4a5b-4c3d-9e8f-1a2b3c4d5e6f", ok.get("requestId").asText());
    assertEquals("111122223333", ok.get("account").asText());
    assertEquals("arn:aws:iam::111122223333:user/app", ok.get("principal").asText());
    assertEquals("Encrypt", ok.get("operation").asText());
    assertEquals(KEY_ARN, ok.get("keyId").asText());
    assertEquals("ok", ok.get("outcome").asText());
    assertEquals(200, ok.get("status").asInt());
    assertTrue(ok.get("status").isNumber());
    assertEquals(1.25, ok.get("latencyMs").asDouble());
    assertEquals("NotFoundException", json(events.get(1)).get("outcome").asText());
    for (ILoggingEvent event : events) {
      String line = new String(new KmsLogEncoder("json").encode(event), StandardCharsets.UTF_8);
      assertFalse(line.contains("context-value-secret"), line);
      assertFalse(line.contains("AKIDEXAMPLE"), line);
    }
  }

  @Test
  void aKeyNamedButNotAnsweredIsLoggedAsNamed() throws Exception {
    new RequestLog(RequestLogging.ALL)
        .answered(
            new AuditRecord(
                Instant.EPOCH,
                "id",
                "ReEncrypt",
                null,
                null,
                null,
                null,
                null,
                List.of(
                    new AuditedKey("SourceKeyId", "alias/old", "alias/old", null),
                    new AuditedKey("DestinationKeyId", "alias/new", "alias/new", null)),
                Map.of(),
                null,
                "NotFoundException",
                0.5),
            400);
    JsonNode line = json(logged.events().get(0));
    assertEquals("alias/old", line.get("sourceKeyId").asText());
    assertEquals("alias/new", line.get("destinationKeyId").asText());
    assertFalse(line.has("account"), "a request refused before its signature has no caller");
  }
}
