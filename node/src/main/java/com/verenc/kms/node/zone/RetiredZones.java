package com.verenc.kms.node.zone;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The zones the operator retired, as this node knows them: read from its zone database at start and
 * added to by a retirement, which every node records. No key is replicated to a retired zone, nor
 * does a Default Organization Key get a replica there.
 */
public final class RetiredZones implements Extension {
  private final Set<String> zones = ConcurrentHashMap.newKeySet();
  private volatile RetiredZoneStore store;

  public static final ExtensionId<RetiredZones> ID =
      new ExtensionId<>() {
        @Override
        public RetiredZones createExtension(ActorSystem<?> system) {
          return new RetiredZones();
        }
      };

  public static RetiredZones get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  /** Reads the zones retired so far from the zone database (blocks), which later ones go to. */
  public void load(RetiredZoneStore zoneStore) {
    this.store = zoneStore;
    zones.addAll(zoneStore.retired());
  }

  public boolean contains(String zone) {
    return zones.contains(zone);
  }

  /** Sorted. */
  public Set<String> all() {
    return new TreeSet<>(zones);
  }

  /** Records the zone in this node's zone database (blocks), then here. */
  void record(String zone, Instant at) {
    store.record(zone, at);
    zones.add(zone);
  }

  RetiredZoneStore store() {
    return store;
  }
}
