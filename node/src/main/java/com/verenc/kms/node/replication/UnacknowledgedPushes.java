package com.verenc.kms.node.replication;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pushes this node's key entities have sent to other zones that those zones have not
 * acknowledged yet, per target zone and key, with when the first of them was sent: a push stays
 * here through its retries until the zone acknowledges the version, so a zone that does not answer
 * shows as a growing age, not as a count that flickers with each retry. Read by the metrics;
 * written by the entities' {@link ReplicaPushes}, from many threads.
 */
public final class UnacknowledgedPushes {
  private final Map<String, Map<String, Instant>> byZone = new ConcurrentHashMap<>();

  /** {@code keyId} sent a push to {@code zone}; the first such send is the one remembered. */
  public void sent(String zone, String keyId, Instant at) {
    byZone.computeIfAbsent(zone, z -> new ConcurrentHashMap<>()).putIfAbsent(keyId, at);
  }

  /** {@code zone} has what {@code keyId} pushed, or no longer needs it. */
  public void settled(String zone, String keyId) {
    Map<String, Instant> keys = byZone.get(zone);
    if (keys != null) {
      keys.remove(keyId);
    }
  }

  /** The key's entity stopped: its pushes are no longer anyone's to acknowledge here. */
  public void forget(String keyId) {
    byZone.values().forEach(keys -> keys.remove(keyId));
  }

  /** Keys with a push to {@code zone} sent and not acknowledged. */
  public int count(String zone) {
    Map<String, Instant> keys = byZone.get(zone);
    return keys == null ? 0 : keys.size();
  }

  /** How long the oldest unacknowledged push to {@code zone} has waited; zero when none waits. */
  public Duration oldest(String zone, Instant now) {
    Map<String, Instant> keys = byZone.get(zone);
    if (keys == null) {
      return Duration.ZERO;
    }
    return keys.values().stream()
        .min(Instant::compareTo)
        .map(since -> Duration.between(since, now))
        .filter(age -> !age.isNegative())
        .orElse(Duration.ZERO);
  }
}
