package com.verenc.kms.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.verenc.kms.protocol.model.KeyState;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Locale;

/**
 * The dialect-dependent spelling of timestamps and key states, and strict base64 for blobs. Output
 * follows the dialect; input accepts both spellings.
 */
final class WireModule {

  private WireModule() {}

  static SimpleModule forDialect(Dialect dialect) {
    SimpleModule module =
        new SimpleModule("verenc-kms-wire-" + dialect.name().toLowerCase(Locale.ROOT));
    module.addSerializer(
        Instant.class, dialect == Dialect.SEED ? new IsoInstantWriter() : new EpochInstantWriter());
    module.addDeserializer(Instant.class, new InstantReader());
    module.addSerializer(KeyState.class, new KeyStateWriter(dialect));
    module.addDeserializer(KeyState.class, new KeyStateReader());
    module.addSerializer(byte[].class, new BlobWriter());
    module.addDeserializer(byte[].class, new BlobReader());
    return module;
  }

  /**
   * AWS SDKs parse JSON 1.1 timestamps as epoch seconds with a millisecond fraction, e.g.
   * 1700000000.123.
   */
  static final class EpochInstantWriter extends JsonSerializer<Instant> {
    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      // Always three decimals and never exponent notation: 1701465300.000, 1700000000.123.
      gen.writeNumber(BigDecimal.valueOf(value.toEpochMilli(), 3).toPlainString());
    }
  }

  /**
   * The seed page shows ISO-8601 UTC, e.g. 2023-12-01T21:15:00Z; millisecond precision like AWS.
   */
  static final class IsoInstantWriter extends JsonSerializer<Instant> {
    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(DateTimeFormatter.ISO_INSTANT.format(value.truncatedTo(ChronoUnit.MILLIS)));
    }
  }

  /** Accepts epoch seconds (number or numeric string) and ISO-8601 with any offset. */
  static final class InstantReader extends JsonDeserializer<Instant> {
    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonToken token = p.currentToken();
      if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
        return fromEpochSeconds(p, p.getDecimalValue());
      }
      if (token == JsonToken.VALUE_STRING) {
        String text = p.getText().trim();
        try {
          return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException notIso) {
          try {
            return fromEpochSeconds(p, new BigDecimal(text));
          } catch (NumberFormatException notNumber) {
            throw invalidTimestamp(p);
          }
        }
      }
      throw invalidTimestamp(p);
    }

    private static Instant fromEpochSeconds(JsonParser p, BigDecimal seconds)
        throws WireValueException {
      try {
        long millis = seconds.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
        return Instant.ofEpochMilli(millis);
      } catch (ArithmeticException | DateTimeException e) {
        throw invalidTimestamp(p);
      }
    }

    private static WireValueException invalidTimestamp(JsonParser p) {
      return new WireValueException(
          p,
          "must be a timestamp: epoch seconds (1701465300.123)"
              + " or ISO-8601 (2023-12-01T21:15:00Z)");
    }
  }

  static final class KeyStateWriter extends JsonSerializer<KeyState> {
    private final Dialect dialect;

    KeyStateWriter(Dialect dialect) {
      this.dialect = dialect;
    }

    @Override
    public void serialize(KeyState value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(dialect == Dialect.SEED ? value.seedName() : value.awsName());
    }
  }

  static final class KeyStateReader extends JsonDeserializer<KeyState> {
    @Override
    public KeyState deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        throw new WireValueException(p, "must be a string naming a key state, e.g. \"Enabled\"");
      }
      try {
        return KeyState.fromWire(p.getText());
      } catch (IllegalArgumentException e) {
        throw new WireValueException(p, "has an unknown value: " + e.getMessage());
      }
    }
  }

  static final class BlobWriter extends JsonSerializer<byte[]> {
    @Override
    public void serialize(byte[] value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(Base64.getEncoder().encodeToString(value));
    }
  }

  /**
   * Standard base64 only: the JDK decoder rejects whitespace, URL-safe characters and anything else
   * outside the alphabet, so a corrupted blob fails here instead of decrypting garbage.
   */
  static final class BlobReader extends JsonDeserializer<byte[]> {
    @Override
    public byte[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        throw new WireValueException(p, "must be a base64-encoded string");
      }
      try {
        return Base64.getDecoder().decode(p.getText());
      } catch (IllegalArgumentException e) {
        throw new WireValueException(
            p,
            "is not valid base64: use the standard alphabet"
                + " (A-Z a-z 0-9 + /) with '=' padding and no whitespace");
      }
    }
  }
}
