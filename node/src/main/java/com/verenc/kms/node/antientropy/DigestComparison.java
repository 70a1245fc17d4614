package com.verenc.kms.node.antientropy;

import com.verenc.kms.node.antientropy.AntiEntropyMessage.Differences;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The two halves of one anti-entropy exchange between a primary zone and a replica zone, apart from
 * the actors that carry them: the replica zone finds the buckets that differ and lists what it
 * holds in some of them; the primary zone finds, key by key, the replicas that hold anything but
 * its version.
 */
final class DigestComparison {

  /** A primary key whose replica zone holds {@code held} (null: nothing) instead of its version. */
  record Repair(String keyId, Integer held) {}

  private DigestComparison() {}

  /**
   * The replica zone's answer to {@code offered}, from the versions it holds towards the offering
   * zone: whole buckets that differ, picked at random so that a bucket no push can mend does not
   * hide the others, as many as fit in {@code maxKeys} held versions (at least one bucket).
   */
  static Differences differences(
      String replicaZone,
      VersionDigest offered,
      Map<String, Integer> held,
      int maxKeys,
      Random random) {
    int size = offered.size();
    List<Integer> differing = VersionDigest.of(held, size).differingBuckets(offered);
    if (differing.isEmpty()) {
      return new Differences(replicaZone, List.of(), Map.of(), 0);
    }
    Map<Integer, Map<String, Integer>> byBucket = new HashMap<>();
    held.forEach(
        (keyId, version) ->
            byBucket
                .computeIfAbsent(VersionDigest.bucketOf(keyId, size), b -> new HashMap<>())
                .put(keyId, version));
    Collections.shuffle(differing, random);
    List<Integer> picked = new ArrayList<>();
    Map<String, Integer> listed = new HashMap<>();
    for (int bucket : differing) {
      Map<String, Integer> inBucket = byBucket.getOrDefault(bucket, Map.of());
      if (!picked.isEmpty() && listed.size() + inBucket.size() > maxKeys) {
        break;
      }
      picked.add(bucket);
      listed.putAll(inBucket);
    }
    return new Differences(
        replicaZone, List.copyOf(picked), Map.copyOf(listed), differing.size() - picked.size());
  }

  /**
   * The primary zone's keys, of those in the compared buckets, whose replica zone holds another
   * version or none; keys only the replica zone holds need nothing from the primary.
   */
  static List<Repair> repairs(
      Map<String, Integer> primaryVersions, Differences differences, int size) {
    Set<Integer> compared = new HashSet<>(differences.buckets());
    List<Repair> repairs = new ArrayList<>();
    primaryVersions.forEach(
        (keyId, version) -> {
          if (compared.contains(VersionDigest.bucketOf(keyId, size))) {
            Integer held = differences.held().get(keyId);
            if (!version.equals(held)) {
              repairs.add(new Repair(keyId, held));
            }
          }
        });
    repairs.sort(java.util.Comparator.comparing(Repair::keyId));
    return repairs;
  }
}
