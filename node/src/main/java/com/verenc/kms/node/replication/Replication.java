package com.verenc.kms.node.replication;

import com.verenc.kms.node.CborSerializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a multi-zone key stands in its set. Every change to the shared part (material history,
 * rotation settings, deletion schedule, membership) bumps {@code version}; the primary pushes the
 * state at that version to each replica zone until {@code acks} shows the zone has it. {@code
 * pushing} is true on the primary, and on a former primary until every zone has learnt that the
 * primary moved. {@code seeds} holds, per replica zone, the settings ReplicateKey gave it, sent
 * with every push until that zone has acknowledged one.
 */
public record Replication(
    Role role,
    String primaryZone,
    List<String> replicaZones,
    int version,
    Map<String, Integer> acks,
    Map<String, ReplicaSeed> seeds,
    boolean pushing)
    implements CborSerializable {

  public static Replication newPrimary(String zone) {
    return new Replication(Role.PRIMARY, zone, List.of(), 1, Map.of(), Map.of(), true);
  }

  public boolean isPrimary() {
    return role == Role.PRIMARY;
  }

  public int acknowledged(String zone) {
    return acks.getOrDefault(zone, 0);
  }

  /** The other zones of the set, seen from {@code selfZone}. */
  public List<String> otherZones(String selfZone) {
    List<String> all = new ArrayList<>(replicaZones);
    if (!all.contains(primaryZone)) {
      all.add(primaryZone);
    }
    all.remove(selfZone);
    all.sort(null);
    return all;
  }

  /** Zones this key must still push the current version to. */
  public List<String> pendingZones(String selfZone) {
    return pushing
        ? otherZones(selfZone).stream().filter(z -> acknowledged(z) < version).toList()
        : List.of();
  }

  /**
   * The settings a zone's replica is created with, while that zone has acknowledged nothing yet.
   */
  public ReplicaSeed seedFor(String zone) {
    return acknowledged(zone) > 0 ? null : seeds.get(zone);
  }

  public Replication bumped() {
    return new Replication(role, primaryZone, replicaZones, version + 1, acks, seeds, pushing);
  }

  public Replication withReplica(String zone, ReplicaSeed seed) {
    List<String> zones = new ArrayList<>(replicaZones);
    zones.add(zone);
    zones.sort(null);
    Map<String, ReplicaSeed> allSeeds = new TreeMap<>(seeds);
    allSeeds.put(zone, seed);
    return new Replication(
        role, primaryZone, List.copyOf(zones), version + 1, acks, allSeeds, pushing);
  }

  public Replication acknowledgedBy(String zone, int ackedVersion) {
    Map<String, Integer> all = new HashMap<>(acks);
    all.merge(zone, ackedVersion, Math::max);
    return new Replication(
        role, primaryZone, replicaZones, version, Map.copyOf(all), seeds, pushing);
  }

  /**
   * {@code zone} was found to hold {@code heldVersion}, which may be below what it acknowledged
   * before (its database was restored from a backup): the primary takes the zone's word over its
   * own record, so it pushes again.
   */
  public Replication reportedBy(String zone, int heldVersion) {
    Map<String, Integer> all = new HashMap<>(acks);
    all.put(zone, heldVersion);
    return new Replication(
        role, primaryZone, replicaZones, version, Map.copyOf(all), seeds, pushing);
  }

  /**
   * This zone's rows of its shared-version index for the key: as the primary, one per replica zone
   * at the primary's version; as a replica, one naming the primary's zone at the version held here.
   */
  public List<SharedVersion> indexRows(String keyId, String selfZone) {
    return isPrimary()
        ? otherZones(selfZone).stream()
            .map(zone -> new SharedVersion(keyId, zone, Role.PRIMARY, version))
            .toList()
        : List.of(new SharedVersion(keyId, primaryZone, Role.REPLICA, version));
  }

  /** A former primary stops pushing once every zone has its last version. */
  public Replication settled(String selfZone) {
    boolean stillPushing = isPrimary() || !pendingZones(selfZone).isEmpty();
    return stillPushing == pushing
        ? this
        : new Replication(role, primaryZone, replicaZones, version, acks, seeds, stillPushing);
  }

  /**
   * The primary role moves to {@code newPrimary}; this (old) primary becomes one of its replicas.
   */
  public Replication movedTo(String newPrimary, String selfZone) {
    List<String> zones = new ArrayList<>(replicaZones);
    zones.remove(newPrimary);
    zones.add(selfZone);
    zones.sort(null);
    return new Replication(
        Role.REPLICA, newPrimary, List.copyOf(zones), version + 1, acks, seeds, true);
  }

  /**
   * This zone's view of a pushed state: its role follows from who the primary is. A zone that has
   * just become primary starts pushing to every other zone, with the seeds the state carries for
   * zones that have no replica yet.
   */
  public static Replication seenFrom(String zone, SharedState state, Map<String, Integer> acks) {
    boolean primary = zone.equals(state.primaryZone());
    return new Replication(
        primary ? Role.PRIMARY : Role.REPLICA,
        state.primaryZone(),
        state.zones(),
        state.version(),
        primary ? acks : Map.of(),
        state.seeds() == null ? Map.of() : state.seeds(),
        primary);
  }

  /**
   * {@code zone} was retired: it leaves the replica zones with its acknowledgement and seed; a
   * primary bumps the version so its remaining replicas learn of the smaller set.
   */
  public Replication withoutZone(String zone) {
    List<String> zones = new ArrayList<>(replicaZones);
    zones.remove(zone);
    Map<String, Integer> remainingAcks = new HashMap<>(acks);
    remainingAcks.remove(zone);
    Map<String, ReplicaSeed> remainingSeeds = new TreeMap<>(seeds);
    remainingSeeds.remove(zone);
    return new Replication(
        role,
        primaryZone,
        List.copyOf(zones),
        isPrimary() ? version + 1 : version,
        Map.copyOf(remainingAcks),
        Map.copyOf(remainingSeeds),
        pushing);
  }
}
