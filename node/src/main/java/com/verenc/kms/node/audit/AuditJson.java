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

  private static final byte[] TIME_NAME = JsonBytes.encodedName("time");
  private static final byte[] ZONE = JsonBytes.encodedName("zone");
  private static final byte[] NODE = JsonBytes.encodedName("node");
  private static final byte[] REQUEST_ID = JsonBytes.encodedName("requestId");
  private static final byte[] ACCOUNT = JsonBytes.encodedName("account");
  private static final byte[] PRINCIPAL = JsonBytes.encodedName("principal");
  private static final byte[] ACCESS_KEY_ID = JsonBytes.encodedName("accessKeyId");
  private static final byte[] SOURCE_IP = JsonBytes.encodedName("sourceIp");
  private static final byte[] USER_AGENT = JsonBytes.encodedName("userAgent");
  private static final byte[] OPERATION = JsonBytes.encodedName("operation");
  private static final byte[] KEYS = JsonBytes.encodedName("keys");
  private static final byte[] ROLE = JsonBytes.encodedName("role");
  private static final byte[] REQUESTED = JsonBytes.encodedName("requested");
  private static final byte[] ALIAS = JsonBytes.encodedName("alias");
  private static final byte[] ARN = JsonBytes.encodedName("arn");
  private static final byte[] GRANT_ID = JsonBytes.encodedName("grantId");
  private static final byte[] OUTCOME = JsonBytes.encodedName("outcome");
  private static final byte[] ERROR_CODE = JsonBytes.encodedName("errorCode");
  private static final byte[] LATENCY_MS = JsonBytes.encodedName("latencyMs");

  /** Where the milliseconds are in a formatted time of a four-digit year. */
  private static final int MILLIS_AT = "2026-12-03T12:00:00.".length();

  private static final int FOUR_DIGIT_YEAR_LENGTH = MILLIS_AT + "000Z".length();

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
    json.string(REQUEST_ID, r.requestId())
        .string(ACCOUNT, r.account())
        .string(PRINCIPAL, r.principalArn())
        .string(ACCESS_KEY_ID, r.accessKeyId())
        .string(SOURCE_IP, r.sourceIp())
        .string(USER_AGENT, r.userAgent())
        .string(OPERATION, r.operation());
    if (!r.keys().isEmpty()) {
      json.startArray(KEYS);
      for (AuditedKey key : r.keys()) {
        json.startObject(null)
            .string(ROLE, key.role())
            .string(REQUESTED, key.requested())
            .string(ALIAS, key.alias())
            .string(ARN, key.arn())
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
    return json.string(GRANT_ID, r.grantId())
        .string(OUTCOME, r.succeeded() ? "ok" : "error")
        .string(ERROR_CODE, r.errorCode())
        .thousandths(LATENCY_MS, Math.round(r.latencyMs() * 1000));
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
    return json.ascii(TIME_NAME, format(time)).string(ZONE, zone).string(NODE, node);
  }

  /**
   * The time as text, shared by the requests of the same millisecond; a new millisecond of the same
   * second changes only its last digits (a formatter per millisecond showed in the profiles).
   */
  private byte[] format(Instant time) {
    long millis = time.toEpochMilli();
    FormattedTime last = lastTime;
    if (last.epochMilli() == millis) {
      return last.ascii();
    }
    byte[] text;
    if (Math.floorDiv(last.epochMilli(), 1000) == Math.floorDiv(millis, 1000)
        && last.ascii().length == FOUR_DIGIT_YEAR_LENGTH) {
      text = last.ascii().clone();
      int ms = (int) Math.floorMod(millis, 1000);
      text[MILLIS_AT] = (byte) ('0' + ms / 100);
      text[MILLIS_AT + 1] = (byte) ('0' + ms / 10 % 10);
      text[MILLIS_AT + 2] = (byte) ('0' + ms % 10);
    } else {
      text = TIME.format(time).getBytes(StandardCharsets.US_ASCII);
    }
    lastTime = new FormattedTime(millis, text);
    return text;
  }
}
