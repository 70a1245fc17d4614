package com.verenc.kms.node.antientropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.antientropy.AntiEntropyMessage.Differences;
import com.verenc.kms.node.antientropy.DigestComparison.Repair;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One anti-entropy exchange without actors: the digest of a zone's versions, the buckets a replica
 * zone compares key by key, and the primaries told that their replica holds another version.
 */
class DigestComparisonTest {
  private static final int BUCKETS = 64;

  private static Map<String, Integer> keys(int count, int version) {
    Map<String, Integer> versions = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      versions.put("mrk-" + Integer.toHexString(0x1000 + i * 7919), version);
    }
    return versions;
  }

  /** The exchange as the two zones run it. */
  private static List<Repair> exchange(
      Map<String, Integer> primary, Map<String, Integer> replica, int maxKeys) {
    Differences answer =
        DigestComparison.differences(
            "de-fra-1", VersionDigest.of(primary, BUCKETS), replica, maxKeys, new Random(1));
    return DigestComparison.repairs(primary, answer, BUCKETS);
  }

  @Test
  void zonesHoldingTheSameVersionsHaveEqualDigestsWhateverTheOrder() {
    Map<String, Integer> primary = keys(500, 4);
    Map<String, Integer> reversed = new LinkedHashMap<>();
    List<String> ids = List.copyOf(primary.keySet());
    for (int i = ids.size() - 1; i >= 0; i--) {
      reversed.put(ids.get(i), 4);
    }

    assertEquals(
        List.of(),
        VersionDigest.of(primary, BUCKETS).differingBuckets(VersionDigest.of(reversed, BUCKETS)));
    Differences answer =
        DigestComparison.differences(
            "de-fra-1", VersionDigest.of(primary, BUCKETS), reversed, 100, new Random(1));
    assertEquals(List.of(), answer.buckets());
    assertEquals(Map.of(), answer.held(), "nothing listed when nothing differs");
  }

  @Test
  void aReplicaRestoredToAnOlderVersionIsFoundKeyByKey() {
    Map<String, Integer> primary = keys(500, 4);
    Map<String, Integer> restored = new HashMap<>(primary);
    List<String> ids = List.copyOf(primary.keySet());
    restored.put(ids.get(17), 3);
    restored.put(ids.get(300), 2);

    List<Repair> repairs = exchange(primary, restored, 10_000);

    assertEquals(
        Set.of(new Repair(ids.get(17), 3), new Repair(ids.get(300), 2)), Set.copyOf(repairs));
  }

  @Test
  void aKeyTheReplicaZoneDoesNotHoldIsToldAsHoldingNothing() {
    Map<String, Integer> primary = keys(50, 2);
    Map<String, Integer> replica = new HashMap<>(primary);
    String missing = List.copyOf(primary.keySet()).get(5);
    replica.remove(missing);
    replica.put("mrk-only-in-the-replica-zone", 9);

    List<Repair> repairs = exchange(primary, replica, 10_000);

    assertEquals(List.of(new Repair(missing, null)), repairs, "the extra replica needs no push");
  }

  @Test
  void oneAnswerListsWholeBucketsUpToTheBoundAndCountsTheRest() {
    Map<String, Integer> primary = keys(2_000, 5);
    Map<String, Integer> allBehind = new HashMap<>();
    primary.keySet().forEach(id -> allBehind.put(id, 4));

    Differences answer =
        DigestComparison.differences(
            "de-fra-1", VersionDigest.of(primary, BUCKETS), allBehind, 100, new Random(7));

    assertTrue(answer.held().size() <= 100, "at most the bound: " + answer.held().size());
    assertTrue(!answer.buckets().isEmpty());
    assertEquals(BUCKETS, answer.buckets().size() + answer.moreBuckets());
    for (String keyId : answer.held().keySet()) {
      assertTrue(answer.buckets().contains(VersionDigest.bucketOf(keyId, BUCKETS)));
    }
    // Every key of a listed bucket is listed: the primary compares whole buckets.
    long inListed =
        allBehind.keySet().stream()
            .filter(id -> answer.buckets().contains(VersionDigest.bucketOf(id, BUCKETS)))
            .count();
    assertEquals(inListed, answer.held().size());
    assertEquals(inListed, DigestComparison.repairs(primary, answer, BUCKETS).size());
  }

  @Test
  void aBucketLargerThanTheBoundIsStillListedAlone() {
    Map<String, Integer> primary = keys(2_000, 5);
    Map<String, Integer> allBehind = new HashMap<>();
    primary.keySet().forEach(id -> allBehind.put(id, 4));

    Differences answer =
        DigestComparison.differences(
            "de-fra-1", VersionDigest.of(primary, BUCKETS), allBehind, 1, new Random(7));

    assertEquals(1, answer.buckets().size());
    assertTrue(answer.held().size() > 1, "a whole bucket, beyond the bound");
  }

  @Test
  void successiveAnswersReachEveryDifferingBucket() {
    Map<String, Integer> primary = keys(2_000, 5);
    Map<String, Integer> allBehind = new HashMap<>();
    primary.keySet().forEach(id -> allBehind.put(id, 4));
    Random random = new Random(3);
    Set<Integer> reached = new HashSet<>();

    for (int round = 0; round < 200 && reached.size() < BUCKETS; round++) {
      reached.addAll(
          DigestComparison.differences(
                  "de-fra-1", VersionDigest.of(primary, BUCKETS), allBehind, 100, random)
              .buckets());
    }

    assertEquals(BUCKETS, reached.size());
  }

  @Test
  void theVersionOfAKeyChangesItsBucketsSumButNotItsBucket() {
    assertEquals(
        VersionDigest.bucketOf("mrk-abc", BUCKETS), VersionDigest.bucketOf("mrk-abc", BUCKETS));
    assertNotEquals(VersionDigest.pairHash("mrk-abc", 3), VersionDigest.pairHash("mrk-abc", 4));
    assertNotEquals(VersionDigest.pairHash("mrk-abc", 3), VersionDigest.pairHash("mrk-abd", 3));
    Map<String, Integer> one = Map.of("mrk-abc", 3);
    Map<String, Integer> other = Map.of("mrk-abc", 4);
    assertEquals(
        List.of(VersionDigest.bucketOf("mrk-abc", BUCKETS)),
        VersionDigest.of(one, BUCKETS).differingBuckets(VersionDigest.of(other, BUCKETS)));
  }
}
