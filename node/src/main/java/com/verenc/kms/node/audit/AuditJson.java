package com.verenc.kms.node.audit;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;

/**
 * The members of the trail's records as JSON, without the enclosing braces and without the chain's
 * members ({@code seq}, {@code type}, {@code prev}, {@code hash}), which the writer adds in chain
 * order. Null members are left out. Thread-safe.
 */
final class AuditJson {
  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final String zone;
  private final String node;

  /** The last time formatted: requests of the same millisecond share its text. */
  private volatile FormattedTime lastTime = new FormattedTime(Long.MIN_VALUE, "");

  private record FormattedTime(long epochMilli, String text) {}

  AuditJson(String zone, String node) {
    this.zone = zone;
    this.node = node;
  }

  /** A request record's members. */
  byte[] request(AuditRecord r) {
    return members(
        g -> {
          common(g, r.time());
          string(g, "requestId", r.requestId());
          string(g, "account", r.account());
          string(g, "principal", r.principalArn());
          string(g, "accessKeyId", r.accessKeyId());
          string(g, "sourceIp", r.sourceIp());
          string(g, "userAgent", r.userAgent());
          string(g, "operation", r.operation());
          if (!r.keys().isEmpty()) {
            g.writeArrayFieldStart("keys");
            for (AuditedKey key : r.keys()) {
              g.writeStartObject();
              string(g, "role", key.role());
              string(g, "requested", key.requested());
              string(g, "alias", key.alias());
              string(g, "arn", key.arn());
              g.writeEndObject();
            }
            g.writeEndArray();
          }
          for (Map.Entry<String, Map<String, String>> context : r.encryptionContexts().entrySet()) {
            g.writeObjectFieldStart(context.getKey());
            for (Map.Entry<String, String> pair : context.getValue().entrySet()) {
              g.writeStringField(pair.getKey(), pair.getValue());
            }
            g.writeEndObject();
          }
          string(g, "grantId", r.grantId());
          string(g, "outcome", r.succeeded() ? "ok" : "error");
          string(g, "errorCode", r.errorCode());
          g.writeNumberField("latencyMs", r.latencyMs());
        });
  }

  /**
   * A signature record's members: the records it newly covers and the master key its signing key is
   * derived from.
   */
  byte[] signature(Instant time, long fromSeq, long toSeq, String masterKey) {
    return members(
        g -> {
          common(g, time);
          g.writeNumberField("from", fromSeq);
          g.writeNumberField("to", toSeq);
          string(g, "masterKey", masterKey);
        });
  }

  /**
   * A start record's members: how the chain's previous run ended ("new" chain, "shutdown" with a
   * closing signature, "crash" without one) and how many bytes of a torn last line were cut off.
   */
  byte[] start(Instant time, String previousRun, long discardedBytes) {
    return members(
        g -> {
          common(g, time);
          string(g, "previousRun", previousRun);
          if (discardedBytes > 0) {
            g.writeNumberField("discardedBytes", discardedBytes);
          }
        });
  }

  private void common(JsonGenerator g, Instant time) throws IOException {
    g.writeStringField("time", format(time));
    g.writeStringField("zone", zone);
    g.writeStringField("node", node);
  }

  private String format(Instant time) {
    long millis = time.toEpochMilli();
    FormattedTime last = lastTime;
    if (last.epochMilli() != millis) {
      last = new FormattedTime(millis, TIME.format(time));
      lastTime = last;
    }
    return last.text();
  }

  private static void string(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  private interface Members {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] members(Members members) {
    ByteArrayBuilder out = new ByteArrayBuilder(512);
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      members.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render an audit record", e);
    }
    byte[] object = out.toByteArray();
    // Without "{" and "}": the writer puts the chain's members around them.
    return Arrays.copyOfRange(object, 1, object.length - 1);
  }
}
