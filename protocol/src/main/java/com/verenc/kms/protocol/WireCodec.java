package com.verenc.kms.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.verenc.kms.protocol.model.EmptyResponse;
import com.verenc.kms.protocol.model.KmsRequest;
import com.verenc.kms.protocol.model.KmsResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads TrentService request bodies and writes response and error bodies in one dialect.
 * Thread-safe: one instance serves every request of a node.
 */
public final class WireCodec {

  public static final String CONTENT_TYPE = "application/x-amz-json-1.1";

  private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);

  private final Dialect dialect;
  private final ObjectMapper mapper;

  public WireCodec(Dialect dialect) {
    if (dialect == null) {
      throw new IllegalArgumentException(
          "dialect must not be null: use Dialect.AWS or Dialect.SEED");
    }
    this.dialect = dialect;
    this.mapper = newMapper(dialect);
  }

  /**
   * Reads and validates the body of {@code op}. An empty body is an empty object.
   *
   * @throws KmsException {@code SerializationException} when the body is not well-formed UTF-8 or
   *     not JSON of the expected shape; {@code ValidationException}/{@code TagException} when a
   *     member breaks a constraint
   */
  public KmsRequest readRequest(Operation op, byte[] body) {
    if (body != null) {
      StrictUtf8.check(body);
    }
    KmsRequest request =
        read(body == null || body.length == 0 ? EMPTY_OBJECT : body, op.requestType());
    request.validate();
    return request;
  }

  public byte[] writeResponse(KmsResponse response) {
    if (response instanceof EmptyResponse) {
      return EMPTY_OBJECT.clone();
    }
    return write(response);
  }

  /**
   * {@code {"__type":"<name in this dialect>","message":"..."}}; no message member when there is
   * none.
   */
  public byte[] writeError(KmsException e) {
    ObjectNode body = mapper.createObjectNode();
    body.put("__type", e.code().wireName(dialect));
    if (e.getMessage() != null) {
      body.put("message", e.getMessage());
    }
    return write(body);
  }

  private <T> T read(byte[] body, Class<T> type) {
    try {
      T value = mapper.readValue(body, type);
      if (value == null) {
        throw new KmsException(
            ErrorCode.SERIALIZATION, "The request body must be a JSON object, not null");
      }
      return value;
    } catch (JacksonException e) {
      throw new KmsException(ErrorCode.SERIALIZATION, SerializationMessages.describe(e));
    } catch (IOException e) {
      throw new KmsException(ErrorCode.SERIALIZATION, "The request body could not be read as JSON");
    }
  }

  private byte[] write(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      // Our own records always serialize; reaching this is a bug on our side, not the caller's.
      throw KmsException.internal("The response could not be rendered");
    }
  }

  private static ObjectMapper newMapper(Dialect dialect) {
    return JsonMapper.builder()
        .addModule(WireModule.forDialect(dialect))
        .defaultPropertyInclusion(
            JsonInclude.Value.construct(
                JsonInclude.Include.NON_NULL, JsonInclude.Include.USE_DEFAULTS))
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        // AWS ignores members it does not know; newer SDKs send members we do not model yet.
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        // A member of the wrong JSON type is a SerializationException at AWS, not a silent cast.
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .withCoercionConfig(
            LogicalType.Textual,
            cfg ->
                cfg.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
        .withCoercionConfig(
            LogicalType.Integer,
            cfg ->
                cfg.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
        .withCoercionConfig(
            LogicalType.Boolean,
            cfg ->
                cfg.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
        .build();
  }
}
