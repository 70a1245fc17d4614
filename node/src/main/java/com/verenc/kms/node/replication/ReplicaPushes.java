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
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Decides when one key pushes its shared state to which zones of its set: at most one push per zone
 * on the way, and after a failure an exponential back-off per zone, which the entity ends with a
 * timer ({@link #failed} says how long). Besides the zones lacking the current version by the key's
 * own record, a zone can be marked for a check ({@link #check}): it gets one push whatever it
 * acknowledged, and its answer says what it really holds. Lives inside the key entity and is used
 * only from its thread; the entity sends the pushes and reports their outcomes.
 */
public final class ReplicaPushes {
  /** How many pushes a check makes at most before it gives up on a zone that does not answer. */
  static final int CHECK_ATTEMPTS = 5;

  private final String keyId;
  private final Clock clock;
  private final Duration firstBackoff;
  private final Duration maxBackoff;
  private final BiConsumer<String, Duration> lagObserved;
  private final UnacknowledgedPushes unacknowledged;
  private final Set<String> inFlight = new HashSet<>();
  private final Set<String> backingOff = new HashSet<>();

  /** Zones marked for a check, with the check pushes to them that failed so far. */
  private final Map<String, Integer> checking = new HashMap<>();

  private final Map<String, Duration> nextBackoff = new HashMap<>();

  /** Zones this key has pushed to and that have not acknowledged yet, as told to the node. */
  private final Set<String> awaiting = new HashSet<>();

  /** Since when each zone has lacked the key's current version, for the replication lag metric. */
  private final Map<String, Instant> behindSince = new HashMap<>();

  /**
   * @param lagObserved told, per zone, how long it lacked a version it has now acknowledged
   * @param unacknowledged the node's record of pushes sent and not acknowledged, kept up to date
   */
  public ReplicaPushes(
      String keyId,
      Clock clock,
      Duration firstBackoff,
      Duration maxBackoff,
      BiConsumer<String, Duration> lagObserved,
      UnacknowledgedPushes unacknowledged) {
    this.keyId = keyId;
    this.clock = clock;
    this.firstBackoff = firstBackoff;
    this.maxBackoff = maxBackoff;
    this.lagObserved = lagObserved;
    this.unacknowledged = unacknowledged;
  }

  /**
   * The zones to push the current version to now: those lacking it and those marked for a check,
   * with no push on the way and not backing off. They count as in flight until {@link #failed} or
   * {@link #acknowledged}.
   */
  public List<String> startable(Replication replication, String selfZone) {
    Instant now = clock.instant();
    List<String> pending = replication.pendingZones(selfZone);
    Set<String> wanted = new TreeSet<>(pending);
    checking.keySet().retainAll(replication.otherZones(selfZone));
    wanted.addAll(checking.keySet());
    List<String> zones = new ArrayList<>();
    for (String zone : wanted) {
      if (pending.contains(zone)) {
        behindSince.putIfAbsent(zone, now);
      }
      if (!inFlight.contains(zone) && !backingOff.contains(zone)) {
        inFlight.add(zone);
        zones.add(zone);
        awaiting.add(zone);
        unacknowledged.sent(zone, keyId, now);
      }
    }
    // A zone nobody pushes to any more (it caught up by another push, left the set, or the role
    // moved) has nothing left to acknowledge.
    for (String zone : List.copyOf(awaiting)) {
      if (!wanted.contains(zone) && !inFlight.contains(zone)) {
        settle(zone);
      }
    }
    return zones;
  }

  /**
   * {@code zone} gets a push of the current version at the next {@link #startable}, whatever it
   * acknowledged, and without waiting for the end of a back-off: its answer tells what it holds.
   */
  public void check(String zone) {
    checking.put(zone, 0);
    backingOff.remove(zone);
  }

  /** Whether the next push to {@code zone} is a check, which may find it without a replica. */
  public boolean checking(String zone) {
    return checking.containsKey(zone);
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

  /** The entity stops: nothing it pushed is waited for on this node any more. */
  public void forget() {
    awaiting.clear();
    unacknowledged.forget(keyId);
  }

  /**
   * A push to {@code zone} failed: it backs off for the returned time, doubling up to the maximum.
   */
  public Duration failed(String zone) {
    inFlight.remove(zone);
    // A check is tried again after the back-off, a few times: a zone that keeps refusing (its
    // replica destroyed) or stays away is left to the next anti-entropy round.
    Integer failures = checking.computeIfPresent(zone, (z, failed) -> failed + 1);
    if (failures != null && failures >= CHECK_ATTEMPTS) {
      checking.remove(zone);
    }
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
   * {@code zone} answered that it holds {@code heldVersion}.
   *
   * @return whether that differs from what {@code replication} records for the zone
   */
  public boolean acknowledged(String zone, int heldVersion, Replication replication) {
    inFlight.remove(zone);
    checking.remove(zone);
    nextBackoff.remove(zone);
    if (heldVersion >= replication.version()) {
      Instant since = behindSince.remove(zone);
      if (since != null) {
        lagObserved.accept(zone, Duration.between(since, clock.instant()));
      }
      settle(zone);
    }
    return heldVersion != replication.acknowledged(zone);
  }

  private void settle(String zone) {
    awaiting.remove(zone);
    unacknowledged.settled(zone, keyId);
  }
}
