package com.verenc.kms.node.zone;

import com.verenc.kms.node.CborSerializable;
import com.verenc.kms.node.key.KeyAnswer.ZoneRetirement.Standing;

/**
 * What one zone's multi-zone keys said of a zone being retired: how many keys were asked, how many
 * have their primary there, list it as a replica zone or left it out now, and how many did not
 * answer, with an example key of each kind an operator must act on.
 *
 * @param error why the zone could not be examined at all (its database); null when it was
 */
public record ZoneFindings(
    String zone,
    int keys,
    int primaries,
    String examplePrimary,
    int replicas,
    int removed,
    int unanswered,
    String exampleUnanswered,
    String error)
    implements CborSerializable {

  static ZoneFindings none(String zone) {
    return new ZoneFindings(zone, 0, 0, null, 0, 0, 0, null, null);
  }

  static ZoneFindings failed(String zone, String error) {
    return new ZoneFindings(zone, 0, 0, null, 0, 0, 0, null, error);
  }

  /** With one more key's answer; {@code standing} null when the key did not answer. */
  ZoneFindings with(String keyId, Standing standing) {
    if (standing == null) {
      return new ZoneFindings(
          zone,
          keys + 1,
          primaries,
          examplePrimary,
          replicas,
          removed,
          unanswered + 1,
          exampleUnanswered == null ? keyId : exampleUnanswered,
          error);
    }
    return new ZoneFindings(
        zone,
        keys + 1,
        primaries + (standing == Standing.PRIMARY ? 1 : 0),
        examplePrimary == null && standing == Standing.PRIMARY ? keyId : examplePrimary,
        replicas + (standing == Standing.REPLICA ? 1 : 0),
        removed + (standing == Standing.REMOVED ? 1 : 0),
        unanswered,
        exampleUnanswered,
        error);
  }
}
