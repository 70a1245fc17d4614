package com.verenc.kms.node.replication;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Decides when one key pushes its shared state to which zones of its set: at most one push per zone
 * on the way, and after a failure an exponential back-off per zone, which the entity ends with a
 * timer ({@link #failed} says how long). Lives inside the key entity and is used only from its
 * thread; the entity sends the pushes and reports their outcomes.
 */
public final class ReplicaPushes {
  private final Clock clock;
  private final Duration firstBackoff;
  private final Duration maxBackoff;
  private final BiConsumer<String, Duration> lagObserved;
  private final Set<String> inFlight = new HashSet<>();
  private final Set<String> backingOff = new HashSet<>();
  private final Map<String, Duration> nextBackoff = new HashMap<>();

  /** Since when each zone has lacked the key's current version, for the replication lag metric. */
  private final Map<String, Instant> behindSince = new HashMap<>();

  /**
   * @param lagObserved told, per zone, how long it lacked a version it has now acknowledged
   */
  public ReplicaPushes(
      Clock clock,
      Duration firstBackoff,
      Duration maxBackoff,
      BiConsumer<String, Duration> lagObserved) {
    this.clock = clock;
    this.firstBackoff = firstBackoff;
    this.maxBackoff = maxBackoff;
    this.lagObserved = lagObserved;
  }

  /**
   * The zones to push the current version to now: those lacking it, with no push on the way and not
   * backing off. They count as in flight until {@link #failed} or {@link #acknowledged}.
   */
  public List<String> startable(Replication replication, String selfZone) {
    Instant now = clock.instant();
    List<String> zones = new ArrayList<>();
    for (String zone : replication.pendingZones(selfZone)) {
      behindSince.putIfAbsent(zone, now);
      if (!inFlight.contains(zone) && !backingOff.contains(zone)) {
        inFlight.add(zone);
        zones.add(zone);
      }
    }
    return zones;
  }

  /**
   * Forgets pushes on their way and back-offs: after a restart, whose timers are gone, every zone
   * may be pushed to.
   */
  public void reset() {
    inFlight.clear();
    backingOff.clear();
    nextBackoff.clear();
  }

  /**
   * A push to {@code zone} failed: it backs off for the returned time, doubling up to the maximum.
   */
  public Duration failed(String zone) {
    inFlight.remove(zone);
    backingOff.add(zone);
    Duration wait = nextBackoff.getOrDefault(zone, firstBackoff);
    Duration doubled = wait.multipliedBy(2);
    nextBackoff.put(zone, doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled);
    return wait;
  }

  /** The back-off of {@code zone} is over: it may be pushed to again. */
  public void retry(String zone) {
    backingOff.remove(zone);
  }

  /**
   * {@code zone} answered that it holds {@code ackedVersion}.
   *
   * @return whether that acknowledges a version {@code replication} has not recorded yet
   */
  public boolean acknowledged(String zone, int ackedVersion, Replication replication) {
    inFlight.remove(zone);
    nextBackoff.remove(zone);
    if (ackedVersion >= replication.version()) {
      Instant since = behindSince.remove(zone);
      if (since != null) {
        lagObserved.accept(zone, Duration.between(since, clock.instant()));
      }
    }
    return ackedVersion > replication.acknowledged(zone);
  }
}
