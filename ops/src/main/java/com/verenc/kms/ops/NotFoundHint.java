package com.verenc.kms.ops;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line the CLI adds under a NotFoundException: keys and aliases exist per zone, so a key that
 * is "not found" often lives in another zone than the one asked. The node cannot say where (it
 * knows its own zone's keys only); the CLI can name the zone asked and, when the key was given as
 * an ARN of another zone, that zone.
 */
final class NotFoundHint {
  private static final Pattern ARN_ZONE = Pattern.compile("^arn:aws:kms:([^:]+):");

  private NotFoundHint() {}

  /**
   * @param errorCode the error's code (NotFoundException, or KMSNotFoundException in the seed
   *     dialect)
   * @param zone the zone asked
   * @param endpoint the node asked
   * @param args the command line, searched for an ARN naming another zone
   */
  static Optional<String> of(String errorCode, String zone, String endpoint, List<String> args) {
    if (errorCode == null || !errorCode.endsWith("NotFoundException")) {
      return Optional.empty();
    }
    for (String arg : args) {
      Matcher arn = ARN_ZONE.matcher(arg);
      if (arn.find() && !arn.group(1).equals(zone)) {
        String other = arn.group(1);
        return Optional.of(
            "kms: the ARN names zone "
                + other
                + " but zone "
                + zone
                + " was asked ("
                + endpoint
                + "); keys live in their own zone: ask there with --zone "
                + other
                + " --endpoint <a node of "
                + other
                + ">");
      }
    }
    return Optional.of(
        "kms: keys and aliases exist per zone, and zone "
            + zone
            + " was asked ("
            + endpoint
            + "). A key created in another zone (or a multi-zone key not replicated here) is "
            + "found only there: use --zone ZONE --endpoint <a node of ZONE>; the key's ARN "
            + "names its zone (arn:aws:kms:ZONE:ACCOUNT:key/ID).");
  }
}
