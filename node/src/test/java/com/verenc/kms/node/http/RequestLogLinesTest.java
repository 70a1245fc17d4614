package com.verenc.kms.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.node.logging.KmsLogEncoder;
import com.verenc.kms.node.logging.RequestLog;
import com.verenc.kms.node.testkit.CapturedLog;
import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * A node's request log as a log shipper reads it (KMS_LOG_FORMAT=json): with {@code all}, one
 * object per request with its id, caller, operation, key, outcome, status and latency and nothing
 * of its plaintext or encryption context; with {@code errors}, throttled requests and nothing
 * successful.
 */
class RequestLogLinesTest {
  private static final String PLAINTEXT = "plaintext-never-logged";
  private static final String CONTEXT_VALUE = "context-value-never-logged";

  @RegisterExtension final CapturedLog logged = CapturedLog.named(RequestLog.LOGGER);

  @TempDir Path dir;

  private List<JsonNode> jsonLines() throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (ILoggingEvent event : logged.events()) {
      String line = new String(new KmsLogEncoder("json").encode(event), StandardCharsets.UTF_8);
      assertFalse(line.contains(PLAINTEXT), line);
      assertFalse(line.contains(CONTEXT_VALUE), line);
      assertEquals(1, line.lines().count(), line);
      lines.add(new ObjectMapper().readTree(line));
    }
    return lines;
  }

  @Test
  void allGivesEveryRequestALineWithItsFacts() throws Exception {
    try (TestNode node = TestNode.start(TestDatabase.h2(dir), Map.of("kms.request-log", "all"));
        KmsClient kms = node.client()) {
      String keyArn = kms.createKey(r -> r.description("logged")).keyMetadata().arn();
      EncryptResponse encrypted =
          kms.encrypt(
              r ->
                  r.keyId(keyArn)
                      .plaintext(SdkBytes.fromUtf8String(PLAINTEXT))
                      .encryptionContext(Map.of("tenant", CONTEXT_VALUE)));
      NotFoundException missing =
          assertThrows(NotFoundException.class, () -> kms.describeKey(r -> r.keyId("alias/none")));

      List<JsonNode> lines = jsonLines();
      JsonNode encrypt =
          lines.stream()
              .filter(l -> l.path("operation").asText().equals("Encrypt"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no Encrypt line in " + lines));
      assertEquals("INFO", encrypt.get("level").asText());
      assertEquals(encrypted.responseMetadata().requestId(), encrypt.get("requestId").asText());
      assertEquals(TestNode.DEV_ACCOUNT, encrypt.get("account").asText());
      assertTrue(encrypt.get("principal").asText().startsWith("arn:aws:iam::111122223333:"));
      assertEquals(keyArn, encrypt.get("keyId").asText());
      assertEquals("ok", encrypt.get("outcome").asText());
      assertEquals(200, encrypt.get("status").asInt());
      assertTrue(encrypt.get("latencyMs").isNumber());
      assertTrue(encrypt.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));

      JsonNode describe =
          lines.stream()
              .filter(l -> l.path("requestId").asText().equals(missing.requestId()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no DescribeKey line in " + lines));
      assertEquals("INFO", describe.get("level").asText());
      assertEquals("DescribeKey", describe.get("operation").asText());
      assertEquals("alias/none", describe.get("keyId").asText());
      assertEquals("NotFoundException", describe.get("outcome").asText());
      assertEquals(400, describe.get("status").asInt());
    }
  }

  @Test
  void errorsGivesThrottledRequestsALineAndSuccessfulOnesNone() throws Exception {
    try (TestNode node =
            TestNode.start(
                TestDatabase.h2(dir),
                Map.of(
                    "kms.request-log",
                    "errors",
                    "kms.quotas.cryptographic-requests-per-second",
                    1));
        KmsClient kms = node.client()) {
      String keyId = kms.createKey(r -> r.description("throttled")).keyMetadata().keyId();
      assertThrows(NotFoundException.class, () -> kms.describeKey(r -> r.keyId("alias/none")));
      List<String> throttled = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        try {
          kms.encrypt(
              r ->
                  r.keyId(keyId)
                      .plaintext(SdkBytes.fromUtf8String(PLAINTEXT))
                      .encryptionContext(Map.of("tenant", CONTEXT_VALUE)));
        } catch (KmsException e) {
          assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
          throttled.add(e.requestId());
        }
      }
      assertFalse(throttled.isEmpty(), "one token a second: some of five Encrypts are throttled");

      List<JsonNode> lines = jsonLines();
      assertEquals(
          throttled, lines.stream().map(l -> l.get("requestId").asText()).toList(), "" + lines);
      for (JsonNode line : lines) {
        assertEquals("WARN", line.get("level").asText());
        assertEquals("Encrypt", line.get("operation").asText());
        assertEquals("ThrottlingException", line.get("outcome").asText());
        assertEquals(TestNode.DEV_ACCOUNT, line.get("account").asText());
      }
      assertTrue(logged.messages(Level.INFO).isEmpty());
    }
  }
}
