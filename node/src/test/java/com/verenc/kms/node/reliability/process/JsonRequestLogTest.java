package com.verenc.kms.node.reliability.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.node.testkit.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * What a log shipper reads from a node process started with KMS_LOG_FORMAT=json and
 * KMS_REQUEST_LOG=all: nothing but JSON objects, one a line, each with an ISO-8601 time, and one
 * per API request carrying its request id, account, operation, key and outcome, never its plaintext
 * or encryption context.
 */
class JsonRequestLogTest {
  private static final String ZONE = "ch-gva-2";
  private static final String PLAINTEXT = "plaintext-for-json-log";
  private static final String CONTEXT_VALUE = "context-value-for-json-log";

  @TempDir Path dir;

  @Test
  void everyLineIsAJsonObjectAndEachRequestHasOne() throws Exception {
    Map<String, String> env =
        new HashMap<>(NodeProcess.environment(ZONE, TestDatabase.h2(dir.resolve("data"))));
    // The node's own logging configuration, whose encoder KMS_LOG_FORMAT switches.
    env.put("KMS_JAVA_OPTS", "-Dlogback.configurationFile=logback.xml");
    env.put("KMS_LOG_FORMAT", "json");
    env.put("KMS_REQUEST_LOG", "all");
    String requestId;
    String missingId;
    String keyArn;
    String log;
    try (NodeProcess node = NodeProcess.start("json-log", env, dir);
        KmsClient kms = ProcessClients.client(node.endpoint(), ZONE)) {
      keyArn = kms.createKey(r -> r.description("json")).keyMetadata().arn();
      EncryptResponse encrypted =
          kms.encrypt(
              r ->
                  r.keyId(keyArn)
                      .plaintext(SdkBytes.fromUtf8String(PLAINTEXT))
                      .encryptionContext(Map.of("purpose", CONTEXT_VALUE)));
      requestId = encrypted.responseMetadata().requestId();
      missingId =
          assertThrows(NotFoundException.class, () -> kms.describeKey(r -> r.keyId("alias/none")))
              .requestId();
      node.terminate();
      log = node.currentLaunchLog();
    }

    assertFalse(log.contains(PLAINTEXT), log);
    assertFalse(log.contains(CONTEXT_VALUE), log);
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : log.lines().toList()) {
      if (line.isBlank() || line.startsWith("==== json-log launched")) {
        continue; // the test's own marker
      }
      JsonNode node;
      try {
        node = json.readTree(line);
      } catch (Exception e) {
        throw new AssertionError("not a JSON line: " + line, e);
      }
      assertTrue(node.isObject(), line);
      assertTrue(
          node.path("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*Z"), line);
      lines.add(node);
    }

    JsonNode encrypt = byRequestId(lines, requestId);
    assertEquals("com.verenc.kms.requests", encrypt.get("logger").asText());
    assertEquals("Encrypt", encrypt.get("operation").asText());
    assertEquals("111122223333", encrypt.get("account").asText());
    assertEquals(keyArn, encrypt.get("keyId").asText());
    assertEquals("ok", encrypt.get("outcome").asText());
    assertEquals(200, encrypt.get("status").asInt());
    assertTrue(encrypt.get("latencyMs").isNumber(), encrypt.toString());

    JsonNode missing = byRequestId(lines, missingId);
    assertEquals("DescribeKey", missing.get("operation").asText());
    assertEquals("alias/none", missing.get("keyId").asText());
    assertEquals("NotFoundException", missing.get("outcome").asText());
    assertEquals(400, missing.get("status").asInt());
  }

  private static JsonNode byRequestId(List<JsonNode> lines, String requestId) {
    List<JsonNode> found =
        lines.stream().filter(l -> l.path("requestId").asText().equals(requestId)).toList();
    assertEquals(1, found.size(), "lines of request " + requestId + ": " + found);
    return found.get(0);
  }
}
