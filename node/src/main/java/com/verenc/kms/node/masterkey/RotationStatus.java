package com.verenc.kms.node.masterkey;

import com.verenc.kms.crypto.masterkey.MasterKeyRing;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code GET /kms/master-key} answers (read by {@code kms master-key status}): the master keys
 * of the node asked and its zone's latest re-wrap pass, if any.
 */
public record RotationStatus(
    String zone,
    String node,
    String currentMasterKey,
    List<String> previousMasterKeys,
    Pass rotation) {

  /** A pass as the operator reads it; {@code etaSeconds} is null when unknown. */
  public record Pass(
      String jobId,
      String state,
      String targetMasterKey,
      long total,
      long done,
      long rewrapped,
      long changed,
      long unopenable,
      double percent,
      double ratePerSecond,
      Long etaSeconds,
      String startedAt,
      String updatedAt,
      String finishedAt,
      String note) {

    static Pass of(RewrapJob job) {
      return new Pass(
          job.jobId(),
          job.state().name(),
          job.targetKey(),
          job.total(),
          job.done(),
          job.rewrapped(),
          job.changed(),
          job.unopenable(),
          job.percent(),
          job.rate(),
          job.eta().map(java.time.Duration::toSeconds).orElse(null),
          job.startedAt().toString(),
          job.updatedAt().toString(),
          job.finishedAt() == null ? null : job.finishedAt().toString(),
          job.note());
    }
  }

  static RotationStatus of(
      String zone, String node, MasterKeyRing masterKeys, Optional<RewrapJob> job) {
    return new RotationStatus(
        zone, node, current(masterKeys), previous(masterKeys), job.map(Pass::of).orElse(null));
  }

  /**
   * What {@code GET /kms/master-key/secrets} answers (read by {@code kms master-key retire-check}):
   * the zone's secrets counted by the master key that wrapped them, and which of the node's
   * previous master keys wraps none of them any more.
   */
  public record SecretsByMasterKey(
      String zone,
      String currentMasterKey,
      List<String> previousMasterKeys,
      Map<String, Long> secrets,
      List<String> retirable,
      String rotationState) {

    static SecretsByMasterKey of(
        String zone, MasterKeyRing masterKeys, Map<String, Long> counts, Optional<RewrapJob> job) {
      List<String> previous = previous(masterKeys);
      return new SecretsByMasterKey(
          zone,
          current(masterKeys),
          previous,
          counts,
          previous.stream().filter(key -> counts.getOrDefault(key, 0L) == 0).toList(),
          job.map(j -> j.state().name()).orElse(null));
    }
  }

  private static String current(MasterKeyRing masterKeys) {
    return masterKeys.current().id().toString();
  }

  private static List<String> previous(MasterKeyRing masterKeys) {
    return masterKeys.previous().stream().map(k -> k.id().toString()).toList();
  }
}
