package com.verenc.kms.node.antientropy;

import com.verenc.kms.node.antientropy.AntiEntropyMessage.CompareWith;
import com.verenc.kms.node.antientropy.AntiEntropyMessage.Differences;
import com.verenc.kms.node.antientropy.AntiEntropyMessage.Offer;
import com.verenc.kms.node.antientropy.AntiEntropyMessage.Round;
import com.verenc.kms.node.antientropy.DigestComparison.Repair;
import com.verenc.kms.node.config.NodeSettings;
import com.verenc.kms.node.key.KeyEntity;
import com.verenc.kms.node.key.KeyNotice.ReplicaHolds;
import com.verenc.kms.node.replication.Role;
import com.verenc.kms.node.replication.SharedVersionIndex;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * A zone's anti-entropy: one per zone (a cluster singleton per data centre), it compares the
 * shared-state versions of the zone's multi-zone primaries with what each replica zone holds, from
 * the zones' shared-version indexes and without waking any key, and tells the primaries whose
 * replicas hold anything else ({@link ReplicaHolds}), which push again. Each interval it sends
 * every other zone one digest of its primaries' versions for that zone ({@link Offer}); the zone
 * answers with its own versions in a bounded number of the buckets that differ ({@link
 * Differences}). While differences remain and the last exchange mended some, the next follows after
 * a short pause. Its first round, the start delay after it starts, also asks every other zone to
 * compare with it, since its zone may just have been restored from a backup.
 */
public final class AntiEntropy {
  /** The singleton's name, the same in every zone. */
  public static final String NAME = "anti-entropy";

  /** Messages a proxy keeps while its zone's anti-entropy cannot be reached. */
  private static final int PROXY_BUFFER = 16;

  private final NodeSettings.AntiEntropy settings;
  private final String zone;
  private final List<String> otherZones;
  private final SharedVersionIndex index;
  private final Function<String, ActorRef<AntiEntropyMessage>> peers;
  private final BiConsumer<String, ReplicaHolds> tellKey;
  private final Random random;
  private final ActorContext<AntiEntropyMessage> ctx;
  private final TimerScheduler<AntiEntropyMessage> timers;

  /** Per replica zone, the primary versions of the last offer it has not answered yet. */
  private final Map<String, Map<String, Integer>> offered = new HashMap<>();

  private AntiEntropy(
      NodeSettings.AntiEntropy settings,
      String zone,
      Set<String> zones,
      SharedVersionIndex index,
      Function<String, ActorRef<AntiEntropyMessage>> peers,
      BiConsumer<String, ReplicaHolds> tellKey,
      Random random,
      ActorContext<AntiEntropyMessage> ctx,
      TimerScheduler<AntiEntropyMessage> timers) {
    this.settings = settings;
    this.zone = zone;
    this.otherZones = zones.stream().filter(z -> !z.equals(zone)).sorted().toList();
    this.index = index;
    this.peers = peers;
    this.tellKey = tellKey;
    this.random = random;
    this.ctx = ctx;
    this.timers = timers;
  }

  /**
   * Starts this zone's anti-entropy (on one node of the zone; the others get a proxy) on {@code
   * kms-key-dispatcher}, where its index reads may block.
   */
  public static void init(
      ActorSystem<?> system,
      NodeSettings.AntiEntropy settings,
      String zone,
      Set<String> zones,
      SharedVersionIndex index) {
    ClusterSharding sharding = ClusterSharding.get(system);
    Behavior<AntiEntropyMessage> behavior =
        create(
            settings,
            zone,
            zones,
            index,
            other -> of(system, other),
            (keyId, held) -> sharding.entityRefFor(KeyEntity.TYPE_KEY, keyId).tell(held),
            new Random());
    ClusterSingleton.get(system)
        .init(
            SingletonActor.of(behavior, NAME)
                .withSettings(singletonIn(system, zone))
                .withProps(DispatcherSelector.fromConfig("kms-key-dispatcher")));
  }

  /**
   * The anti-entropy of {@code zone}, from any node; for this node's own zone only after {@link
   * #init}.
   */
  public static ActorRef<AntiEntropyMessage> of(ActorSystem<?> system, String zone) {
    return ClusterSingleton.get(system)
        .init(
            SingletonActor.of(Behaviors.<AntiEntropyMessage>empty(), NAME)
                .withSettings(singletonIn(system, zone)));
  }

  /**
   * The singleton of {@code zone}. Messages to a zone that is down wait in a small buffer only: a
   * zone back after hours must not get hours of stale offers, each a read of its index.
   */
  private static ClusterSingletonSettings singletonIn(ActorSystem<?> system, String zone) {
    return ClusterSingletonSettings.create(system)
        .withDataCenter(zone)
        .withBufferSize(PROXY_BUFFER);
  }

  /**
   * @param peers the anti-entropy of another zone
   * @param tellKey tells this zone's entity of a key (by id) what a replica zone holds
   */
  static Behavior<AntiEntropyMessage> create(
      NodeSettings.AntiEntropy settings,
      String zone,
      Set<String> zones,
      SharedVersionIndex index,
      Function<String, ActorRef<AntiEntropyMessage>> peers,
      BiConsumer<String, ReplicaHolds> tellKey,
      Random random) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  AntiEntropy anti =
                      new AntiEntropy(
                          settings, zone, zones, index, peers, tellKey, random, ctx, timers);
                  if (settings.enabled()) {
                    timers.startSingleTimer(new Round(true), settings.startDelay());
                  }
                  return anti.behavior();
                }));
  }

  private Behavior<AntiEntropyMessage> behavior() {
    return Behaviors.receive(AntiEntropyMessage.class)
        .onMessage(
            Round.class,
            round -> {
              if (round.first()) {
                askOthersToCompare();
              }
              otherZones.forEach(this::offer);
              timers.startSingleTimer(new Round(false), settings.interval());
              return Behaviors.same();
            })
        .onMessage(
            CompareWith.class,
            compare -> {
              if (otherZones.contains(compare.zone())) {
                offer(compare.zone());
              }
              return Behaviors.same();
            })
        .onMessage(
            Offer.class,
            offer -> {
              answer(offer);
              return Behaviors.same();
            })
        .onMessage(
            Differences.class,
            differences -> {
              repair(differences);
              return Behaviors.same();
            })
        .build();
  }

  /** This zone may have been restored while it was down: the others compare with it now. */
  private void askOthersToCompare() {
    for (String other : otherZones) {
      peers.apply(other).tell(new CompareWith(zone));
    }
  }

  /** Sends {@code replicaZone} the digest of this zone's primaries' versions for it. */
  private void offer(String replicaZone) {
    Map<String, Integer> versions;
    try {
      versions = index.versions(replicaZone, Role.PRIMARY);
    } catch (RuntimeException e) {
      ctx.getLog()
          .warn(
              "Anti-entropy: cannot read this zone's primary versions for {}, to be compared"
                  + " next round: {}",
              replicaZone,
              e.getMessage());
      return;
    }
    offered.put(replicaZone, versions);
    peers
        .apply(replicaZone)
        .tell(new Offer(zone, VersionDigest.of(versions, settings.buckets()), ctx.getSelf()));
  }

  /** As the replica zone: the versions held here in some of the buckets that differ. */
  private void answer(Offer offer) {
    Map<String, Integer> held;
    try {
      held = index.versions(offer.primaryZone(), Role.REPLICA);
    } catch (RuntimeException e) {
      ctx.getLog()
          .warn(
              "Anti-entropy: cannot read the versions held for {}'s primaries, to be compared"
                  + " next round: {}",
              offer.primaryZone(),
              e.getMessage());
      return;
    }
    offer
        .replyTo()
        .tell(
            DigestComparison.differences(
                zone, offer.digest(), held, settings.maxKeysPerRound(), random));
  }

  /** As the primary zone: tells each primary whose replica differs what the replica holds. */
  private void repair(Differences differences) {
    String replicaZone = differences.replicaZone();
    Map<String, Integer> versions = offered.remove(replicaZone);
    if (versions == null || differences.buckets().isEmpty()) {
      return;
    }
    List<Repair> repairs = DigestComparison.repairs(versions, differences, settings.buckets());
    for (Repair repair : repairs) {
      tellKey.accept(repair.keyId(), new ReplicaHolds(replicaZone, repair.held()));
    }
    if (repairs.isEmpty()) {
      ctx.getLog()
          .debug(
              "Anti-entropy with {}: {} buckets differ only by keys no push mends",
              replicaZone,
              differences.buckets().size());
    } else {
      ctx.getLog()
          .info(
              "Anti-entropy with {}: {} of {} buckets differ; compared {} of them key by key: {}"
                  + " replicas there hold another version than their primary here, which push"
                  + " again: {}",
              replicaZone,
              differences.buckets().size() + differences.moreBuckets(),
              settings.buckets(),
              differences.buckets().size(),
              repairs.size(),
              repairs.stream().limit(10).map(Repair::keyId).toList());
    }
    // Keep going while there is more to mend and this exchange mended something; differences no
    // push can mend (a key destroyed on one side only) wait for the next interval.
    if (differences.moreBuckets() > 0 && !repairs.isEmpty()) {
      timers.startSingleTimer(
          "catch-up-" + replicaZone, new CompareWith(replicaZone), settings.catchUpPause());
    }
  }
}
