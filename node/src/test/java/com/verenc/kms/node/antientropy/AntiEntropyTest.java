package com.verenc.kms.node.antientropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.config.NodeSettings;
import com.verenc.kms.node.key.KeyNotice.ReplicaHolds;
import com.verenc.kms.node.replication.Role;
import com.verenc.kms.node.replication.SharedVersion;
import com.verenc.kms.node.replication.SharedVersionIndex;
import com.verenc.kms.node.testkit.Eventually;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Two zones' anti-entropy actors exchanging digests over in-memory indexes: a replica zone restored
 * to older versions gets every affected primary told, in bounded exchanges that follow each other
 * while they mend something; a zone that starts asks the other to compare at once; a zone whose own
 * comparisons are off still answers.
 */
class AntiEntropyTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final String A = "ch-gva-2";
  private static final String B = "de-fra-1";

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** A zone's shared-version index in memory: key id to version, per peer zone and role. */
  private static final class Versions implements SharedVersionIndex {
    final Map<String, Map<String, Integer>> byPeerAndRole = new ConcurrentHashMap<>();

    void put(String peerZone, Role role, String keyId, int version) {
      byPeerAndRole
          .computeIfAbsent(peerZone + "/" + role, k -> new ConcurrentHashMap<>())
          .put(keyId, version);
    }

    @Override
    public void record(String keyId, long seqNr, List<SharedVersion> rows) {
      rows.forEach(row -> put(row.peerZone(), row.role(), keyId, row.version()));
    }

    @Override
    public void ensure(String keyId, long seqNr, List<SharedVersion> rows) {
      record(keyId, seqNr, rows);
    }

    @Override
    public void remove(String keyId) {
      byPeerAndRole.values().forEach(keys -> keys.remove(keyId));
    }

    @Override
    public Map<String, Integer> versions(String peerZone, Role role) {
      return new HashMap<>(byPeerAndRole.getOrDefault(peerZone + "/" + role, Map.of()));
    }
  }

  private static NodeSettings.AntiEntropy settings(boolean enabled, Duration interval) {
    return new NodeSettings.AntiEntropy(
        enabled, interval, Duration.ofMillis(50), 32, 20, Duration.ofMillis(20));
  }

  /** The two zones: zone A's actor, and what it told its primaries (key@held version). */
  private record TwoZones(ActorRef<AntiEntropyMessage> a, List<String> toldInA) {}

  /**
   * Starts zone A's actor (its primaries in {@code primaries}; told keys are recorded and, like a
   * push would, mend zone B's index) and then zone B's.
   */
  private static TwoZones start(
      Versions primaries,
      Versions replicas,
      NodeSettings.AntiEntropy inA,
      NodeSettings.AntiEntropy inB) {
    Map<String, ActorRef<AntiEntropyMessage>> peers = new ConcurrentHashMap<>();
    List<String> told = new CopyOnWriteArrayList<>();
    spawn(
        A,
        inA,
        primaries,
        peers,
        (keyId, held) -> {
          assertEquals(B, held.zone());
          told.add(keyId + "@" + held.version());
          replicas.put(A, Role.REPLICA, keyId, primaries.versions(B, Role.PRIMARY).get(keyId));
        });
    spawn(
        B,
        inB,
        replicas,
        peers,
        (keyId, held) -> {
          throw new AssertionError("zone B holds no primaries: " + keyId + " " + held);
        });
    return new TwoZones(peers.get(A), told);
  }

  private static void spawn(
      String zone,
      NodeSettings.AntiEntropy settings,
      Versions index,
      Map<String, ActorRef<AntiEntropyMessage>> peers,
      BiConsumer<String, ReplicaHolds> tellKey) {
    peers.put(
        zone,
        testKit.spawn(
            AntiEntropy.create(
                settings,
                zone,
                Set.of(A, B),
                index,
                peers::get,
                tellKey,
                new Random(zone.hashCode()))));
  }

  @Test
  void aReplicaZoneRestoredToOlderVersionsHasEveryAffectedPrimaryToldWithinOneInterval() {
    Versions primaries = new Versions();
    Versions replicas = new Versions();
    for (int i = 0; i < 300; i++) {
      primaries.put(B, Role.PRIMARY, "mrk-" + i, 3);
      replicas.put(A, Role.REPLICA, "mrk-" + i, i % 4 == 0 ? 2 : 3);
    }
    // Zone A compares once an hour: only the catch-up after its first exchange, which it makes
    // at start, can tell all 75 keys, 20 versions per answer at most.
    TwoZones zones =
        start(
            primaries,
            replicas,
            settings(true, Duration.ofHours(1)),
            settings(false, Duration.ofHours(1)));

    Eventually.eventually("75 primaries told", () -> zones.toldInA().size() >= 75);
    assertEquals(75, Set.copyOf(zones.toldInA()).size());
    for (String told : zones.toldInA()) {
      int key = Integer.parseInt(told.substring(4, told.indexOf('@')));
      assertEquals(0, key % 4, told);
      assertTrue(told.endsWith("@2"), told);
    }
    assertEquals(primaries.versions(B, Role.PRIMARY), replicas.versions(A, Role.REPLICA));
  }

  @Test
  void aZoneThatStartsAsksTheOthersToCompareWithItAtOnce() {
    Versions primaries = new Versions();
    Versions replicas = new Versions();
    primaries.put(B, Role.PRIMARY, "mrk-restored", 5);
    replicas.put(A, Role.REPLICA, "mrk-restored", 4);
    replicas.put(A, Role.REPLICA, "mrk-only-here", 1);
    // Zone A makes no comparisons of its own: zone B's first round asks it to, and zone A
    // compares its primaries with B.
    NodeSettings.AntiEntropy late =
        new NodeSettings.AntiEntropy(
            true, Duration.ofHours(1), Duration.ofMillis(50), 32, 20, Duration.ofMillis(20));
    NodeSettings.AntiEntropy quietA =
        new NodeSettings.AntiEntropy(
            false, Duration.ofHours(1), Duration.ofHours(1), 32, 20, Duration.ofMillis(20));

    TwoZones zones = start(primaries, replicas, quietA, late);

    Eventually.eventually("zone A told its primary", () -> !zones.toldInA().isEmpty());
    assertEquals(List.of("mrk-restored@4"), zones.toldInA());
  }

  @Test
  void anOperatorsCompareWithAZoneRunsAnExchangeEvenWhenComparisonsAreOff() {
    Versions primaries = new Versions();
    Versions replicas = new Versions();
    primaries.put(B, Role.PRIMARY, "mrk-missing", 2);
    NodeSettings.AntiEntropy off = settings(false, Duration.ofHours(1));
    TwoZones zones = start(primaries, replicas, off, off);

    zones.a().tell(new AntiEntropyMessage.CompareWith(B));

    Eventually.eventually("zone A told its primary", () -> !zones.toldInA().isEmpty());
    assertEquals(List.of("mrk-missing@null"), zones.toldInA());
  }
}
