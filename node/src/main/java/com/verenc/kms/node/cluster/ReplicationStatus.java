package com.verenc.kms.node.cluster;

import java.util.List;

/**
 * A multi-zone key's replication as operators see it (`kms replication status`): the primary's
 * shared-state version and, per replica zone, what the primary recorded as acknowledged and what
 * the zone answers it holds now.
 *
 * @param replicas one per replica zone, in the zones' order
 */
public record ReplicationStatus(
    String keyId, String primaryZone, int primaryVersion, List<Replica> replicas) {

  /**
   * One replica zone.
   *
   * @param acknowledgedVersion the version the primary recorded for the zone (0: none yet)
   * @param heldVersion the version the zone answers it holds; null when it did not answer
   * @param error why {@code heldVersion} is missing; null when the zone answered
   */
  public record Replica(String zone, int acknowledgedVersion, Integer heldVersion, String error) {}
}
