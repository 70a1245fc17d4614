package com.verenc.kms.node.cluster;

import com.verenc.kms.node.management.JsonResponses;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * The JSON answers of the KMS's own management routes, and the refusals of their parameters: a
 * refusal is {@code {"message": ...}} saying what to give instead.
 */
final class ManagementAnswers {
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

  private ManagementAnswers() {}

  static HttpResponse json(int status, Object body) {
    return JsonResponses.of(status, body);
  }

  static HttpResponse message(int status, String message) {
    return json(status, Map.of("message", message));
  }

  /**
   * The refusal of {@code keyId} when it is no key id; {@code command} is the CLI command that
   * resolves aliases and ARNs to ids.
   */
  static Optional<HttpResponse> badKeyId(String keyId, String command) {
    return KEY_ID.matcher(keyId).matches()
        ? Optional.empty()
        : Optional.of(
            message(
                400,
                "'"
                    + keyId
                    + "' is not a key id; give the key id ("
                    + command
                    + " resolves aliases and ARNs)"));
  }

  /** The refusal of a zone that is not one of {@code zones}; none for null (not given). */
  static Optional<HttpResponse> unknownZone(String zone, Set<String> zones) {
    return zone == null || zones.contains(zone)
        ? Optional.empty()
        : Optional.of(
            message(
                404,
                "unknown zone '"
                    + zone
                    + "'; the zones of this installation are "
                    + new TreeSet<>(zones)));
  }
}
