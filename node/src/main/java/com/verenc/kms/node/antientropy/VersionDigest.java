package com.verenc.kms.node.antientropy;

import com.verenc.kms.node.CborSerializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A cheap summary of the (key id, shared version) pairs one zone holds towards another: the pairs
 * are spread over a fixed number of buckets by key id, and each bucket is summed from a 64-bit hash
 * of each pair, so the order of the pairs does not matter. Two zones holding the same pairs have
 * equal buckets; a bucket that differs names where to compare key by key.
 *
 * @param buckets the sum of the pair hashes falling in each bucket
 */
public record VersionDigest(long[] buckets) implements CborSerializable {

  /** The digest of {@code versions} (key id to version) over {@code size} buckets. */
  public static VersionDigest of(Map<String, Integer> versions, int size) {
    long[] sums = new long[size];
    versions.forEach((keyId, version) -> sums[bucketOf(keyId, size)] += pairHash(keyId, version));
    return new VersionDigest(sums);
  }

  /** The bucket of {@code keyId} among {@code size}; the same in every zone. */
  public static int bucketOf(String keyId, int size) {
    long hash = fnv1a(keyId);
    return (int) Long.remainderUnsigned(hash ^ (hash >>> 32), size);
  }

  public int size() {
    return buckets.length;
  }

  /** The buckets whose sums differ from {@code other}'s; all of them when the sizes differ. */
  public List<Integer> differingBuckets(VersionDigest other) {
    List<Integer> differing = new ArrayList<>();
    for (int i = 0; i < buckets.length; i++) {
      if (other.buckets.length != buckets.length || other.buckets[i] != buckets[i]) {
        differing.add(i);
      }
    }
    return differing;
  }

  /** A well-mixed 64-bit hash of one pair (SplitMix64's finaliser over the key id's FNV-1a). */
  static long pairHash(String keyId, int version) {
    long z = fnv1a(keyId) + 0x9E3779B97F4A7C15L * (version + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static long fnv1a(String text) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }
}
