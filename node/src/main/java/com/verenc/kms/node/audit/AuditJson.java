package com.verenc.kms.node.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The members of the trail's records as JSON, without the enclosing braces and without the chain's
 * members ({@code seq}, {@code type}, {@code prev}, {@code hash}), which the writer adds in chain
 * order. Null members are left out. Thread-safe.
 */
final class AuditJson {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** Room for a request record's members without growing, for most requests. */
  private static final int REQUEST_CAPACITY = 768;

  private final String zone;
  private final String node;

  /** The last time formatted: requests of the same millisecond share its text. */
  private volatile FormattedTime lastTime = new FormattedTime(Long.MIN_VALUE, new byte[0]);

  private record FormattedTime(long epochMilli, byte[] ascii) {}

  AuditJson(String zone, String node) {
    this.zone = zone;
    this.node = node;
  }

  /** A request record's members. */
  JsonBytes request(AuditRecord r) {
    JsonBytes json = common(new JsonBytes(REQUEST_CAPACITY), r.time());
    json.string("requestId", r.requestId())
        .string("account", r.account())
        .string("principal", r.principalArn())
        .string("accessKeyId", r.accessKeyId())
        .string("sourceIp", r.sourceIp())
        .string("userAgent", r.userAgent())
        .string("operation", r.operation());
    if (!r.keys().isEmpty()) {
      json.startArray("keys");
      for (AuditedKey key : r.keys()) {
        json.startObject(null)
            .string("role", key.role())
            .string("requested", key.requested())
            .string("alias", key.alias())
            .string("arn", key.arn())
            .endObject();
      }
      json.endArray();
    }
    for (Map.Entry<String, Map<String, String>> context : r.encryptionContexts().entrySet()) {
      json.startObject(context.getKey());
      for (Map.Entry<String, String> pair : context.getValue().entrySet()) {
        json.string(pair.getKey(), pair.getValue());
      }
      json.endObject();
    }
    return json.string("grantId", r.grantId())
        .string("outcome", r.succeeded() ? "ok" : "error")
        .string("errorCode", r.errorCode())
        .thousandths("latencyMs", Math.round(r.latencyMs() * 1000));
  }

  /**
   * A signature record's members: the records it newly covers and the master key its signing key is
   * derived from.
   */
  JsonBytes signature(Instant time, long fromSeq, long toSeq, String masterKey) {
    return common(new JsonBytes(256), time)
        .number("from", fromSeq)
        .number("to", toSeq)
        .string("masterKey", masterKey);
  }

  /**
   * A start record's members: how the chain's previous run ended ("new" chain, "shutdown" with a
   * closing signature, "crash" without one) and how many bytes of a torn last line were cut off.
   */
  JsonBytes start(Instant time, String previousRun, long discardedBytes) {
    JsonBytes json = common(new JsonBytes(256), time).string("previousRun", previousRun);
    return discardedBytes > 0 ? json.number("discardedBytes", discardedBytes) : json;
  }

  private JsonBytes common(JsonBytes json, Instant time) {
    return json.ascii("time", format(time)).string("zone", zone).string("node", node);
  }

  private byte[] format(Instant time) {
    long millis = time.toEpochMilli();
    FormattedTime last = lastTime;
    if (last.epochMilli() != millis) {
      last = new FormattedTime(millis, TIME.format(time).getBytes(StandardCharsets.US_ASCII));
      lastTime = last;
    }
    return last.ascii();
  }
}
