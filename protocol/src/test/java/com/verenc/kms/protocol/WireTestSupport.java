package com.verenc.kms.protocol;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.verenc.kms.protocol.model.KmsRequest;
import com.verenc.kms.protocol.model.KmsResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Builds request bodies and runs them through an AWS-dialect codec; reads response bodies as a
 * client does.
 */
final class WireTestSupport {

  static final ObjectMapper JSON = new ObjectMapper();
  static final WireCodec AWS = new WireCodec(Dialect.AWS);
  static final WireCodec SEED = new WireCodec(Dialect.SEED);

  private WireTestSupport() {}

  static ObjectNode body() {
    return JSON.createObjectNode();
  }

  static String a(int length) {
    return "a".repeat(length);
  }

  static String b64(int length) {
    return Base64.getEncoder().encodeToString(new byte[length]);
  }

  static KmsRequest read(Operation op, ObjectNode body) {
    return AWS.readRequest(op, body.toString().getBytes(StandardCharsets.UTF_8));
  }

  static KmsRequest read(Operation op, String body) {
    return AWS.readRequest(op, body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a response body with the wire types of {@code dialect}, as an SDK client reads what the
   * node writes; the node itself never reads responses, so this lives here and not in {@link
   * WireCodec}.
   */
  static <T extends KmsResponse> T readResponse(Dialect dialect, byte[] body, Class<T> type) {
    ObjectMapper mapper =
        JsonMapper.builder()
            .addModule(WireModule.forDialect(dialect))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    try {
      return mapper.readValue(body, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static KmsException rejected(Operation op, ObjectNode body) {
    return assertThrows(KmsException.class, () -> read(op, body), () -> op + " accepted " + body);
  }

  static KmsException rejected(Operation op, String body) {
    return assertThrows(KmsException.class, () -> read(op, body), () -> op + " accepted " + body);
  }
}
