package com.verenc.kms.ops.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Which request records {@code kms audit search} prints: every criterion given must hold (null: not
 * asked).
 *
 * @param key a key id, key ARN, alias name or alias ARN: matches a record naming that key or alias,
 *     or whose answer named the key (so a key id also finds the requests that named the key by an
 *     alias)
 * @param since records at or after this time
 * @param until records before this time
 * @param outcome "ok" or "error"
 * @param grantId the grant that allowed the request (records name one only when no policy did)
 */
public record AuditQuery(
    String key,
    String account,
    String principal,
    String accessKeyId,
    List<String> operations,
    String requestId,
    String outcome,
    String errorCode,
    String sourceIp,
    String grantId,
    Instant since,
    Instant until) {

  /** Whether a record of the trail is a request record that meets every criterion. */
  public boolean matches(JsonNode record) {
    return record.path("type").asText("").equals("request")
        && equal(account, record, "account")
        && equal(principal, record, "principal")
        && equal(accessKeyId, record, "accessKeyId")
        && equal(requestId, record, "requestId")
        && equal(outcome, record, "outcome")
        && equal(errorCode, record, "errorCode")
        && equal(sourceIp, record, "sourceIp")
        && equal(grantId, record, "grantId")
        && (operations == null
            || operations.isEmpty()
            || operations.contains(record.path("operation").asText("")))
        && inTime(record)
        && (key == null || namesKey(record.path("keys")));
  }

  private boolean inTime(JsonNode record) {
    if (since == null && until == null) {
      return true;
    }
    Optional<Instant> time = time(record);
    return time.isPresent()
        && (since == null || !time.get().isBefore(since))
        && (until == null || time.get().isBefore(until));
  }

  private boolean namesKey(JsonNode keys) {
    String wanted = aliasOf(key).orElse(key);
    for (JsonNode k : keys) {
      for (String member : List.of("requested", "alias", "arn")) {
        String value = k.path(member).asText(null);
        if (value != null
            && (value.equals(key)
                || value.equals(wanted)
                || (value.startsWith("arn:") && value.endsWith("/" + key)))) {
          return true;
        }
      }
    }
    return false;
  }

  private static Optional<String> aliasOf(String named) {
    int at = named.indexOf(":alias/");
    return named.startsWith("arn:") && at > 0
        ? Optional.of(named.substring(at + 1))
        : Optional.empty();
  }

  private static Optional<Instant> time(JsonNode record) {
    try {
      return Optional.of(Instant.parse(record.path("time").asText("")));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static boolean equal(String wanted, JsonNode record, String member) {
    return wanted == null || wanted.equals(record.path(member).asText(null));
  }
}
