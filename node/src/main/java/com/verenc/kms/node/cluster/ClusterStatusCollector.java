package com.verenc.kms.node.cluster;

import com.verenc.kms.node.directory.AccountDirectory;
import com.verenc.kms.node.formation.FormationState;
import com.verenc.kms.node.key.KeyEntity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.ClusterEvent.CurrentClusterState;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.ClusterSharding;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.pattern.Patterns;
import scala.concurrent.duration.FiniteDuration;

/**
 * Gathers a {@link ClusterStatus}: membership from this node's cluster state, shard counts from
 * each zone's shard coordinator (through this node's region or its proxy to that zone).
 */
public final class ClusterStatusCollector {
  private final ActorSystem<?> system;
  private final String selfZone;
  private final List<String> configuredZones;
  private final Duration timeout;

  public ClusterStatusCollector(
      ActorSystem<?> system, String selfZone, List<String> configuredZones, Duration timeout) {
    this.system = system;
    this.selfZone = selfZone;
    this.configuredZones = configuredZones;
    this.timeout = timeout;
  }

  public String selfZone() {
    return selfZone;
  }

  public CompletionStage<ClusterStatus> collect() {
    Cluster cluster = Cluster.get(system);
    CurrentClusterState state = cluster.state();
    Set<String> zones = new TreeSet<>(configuredZones);
    state.getMembers().forEach(m -> zones.add(m.dataCenter()));

    Map<String, CompletableFuture<Map<String, TypeStats>>> statsByZone = new TreeMap<>();
    for (String zone : zones) {
      statsByZone.put(zone, statsOf(zone));
    }
    return CompletableFuture.allOf(statsByZone.values().toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              List<ClusterStatus.Zone> result = new ArrayList<>();
              for (String zone : zones) {
                Map<String, TypeStats> stats = statsByZone.get(zone).join();
                List<ClusterStatus.Member> members = new ArrayList<>();
                for (Member member : state.getMembers()) {
                  if (member.dataCenter().equals(zone)) {
                    members.add(member(member, state, stats));
                  }
                }
                Map<String, String> errors = new TreeMap<>();
                stats.forEach(
                    (type, s) -> {
                      if (s.error() != null) {
                        errors.put(type, s.error());
                      }
                    });
                result.add(new ClusterStatus.Zone(zone, members, errors));
              }
              Address leader = state.getLeader();
              return new ClusterStatus(
                  cluster.selfMember().address().toString(),
                  selfZone,
                  leader == null ? null : leader.toString(),
                  result,
                  FormationState.get(system).report());
            });
  }

  private static ClusterStatus.Member member(
      Member member, CurrentClusterState state, Map<String, TypeStats> stats) {
    Map<String, ClusterStatus.Shards> shards = new TreeMap<>();
    stats.forEach(
        (type, s) -> {
          ClusterStatus.Shards counts = s.byMember().get(member.address());
          if (counts != null) {
            shards.put(type, counts);
          } else if (s.error() == null) {
            shards.put(type, new ClusterStatus.Shards(0, 0));
          }
        });
    return new ClusterStatus.Member(
        member.address().toString(),
        member.status().toString(),
        !state.getUnreachable().contains(member),
        shards);
  }

  /** Per entity type, the counts of one zone's members, or why they are missing. */
  private record TypeStats(Map<Address, ClusterStatus.Shards> byMember, String error) {}

  private CompletableFuture<Map<String, TypeStats>> statsOf(String zone) {
    Map<String, ActorRef> regions = new TreeMap<>();
    regions.put(KeyEntity.TYPE_KEY.name(), keyRegion(system, selfZone, zone));
    if (zone.equals(selfZone)) {
      // Only key shards are reached across zones; directories stay in their zone.
      regions.put(
          AccountDirectory.TYPE_KEY.name(),
          ClusterSharding.get(Adapter.toClassic(system))
              .shardRegion(AccountDirectory.TYPE_KEY.name()));
    }
    Map<String, CompletableFuture<TypeStats>> asks = new HashMap<>();
    regions.forEach((type, region) -> asks.put(type, ask(region)));
    return CompletableFuture.allOf(asks.values().toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              Map<String, TypeStats> all = new TreeMap<>();
              asks.forEach((type, f) -> all.put(type, f.join()));
              return all;
            });
  }

  /**
   * The key shard region of {@code zone} as this node reaches it: its own region in its zone, a
   * proxy to the zone's coordinator elsewhere (started on first use).
   */
  static ActorRef keyRegion(ActorSystem<?> system, String selfZone, String zone) {
    ClusterSharding sharding = ClusterSharding.get(Adapter.toClassic(system));
    if (zone.equals(selfZone)) {
      return sharding.shardRegion(KeyEntity.TYPE_KEY.name());
    }
    KeyEntity.initProxy(system, zone);
    return sharding.shardRegionProxy(KeyEntity.TYPE_KEY.name(), zone);
  }

  private CompletableFuture<TypeStats> ask(ActorRef region) {
    var question =
        new ShardRegion.GetClusterShardingStats(FiniteDuration.fromNanos(timeout.toNanos()));
    // The coordinator answers within its own timeout; ours adds a margin for the round trip.
    return Patterns.ask(region, question, timeout.plusSeconds(1))
        .toCompletableFuture()
        .handle(
            (answer, failure) -> {
              if (!(answer instanceof ShardRegion.ClusterShardingStats stats)) {
                return new TypeStats(
                    Map.of(),
                    "no answer from the zone's shard coordinator within "
                        + timeout.toMillis()
                        + " ms (zone unreachable or still starting)");
              }
              Map<Address, ClusterStatus.Shards> byMember = new HashMap<>();
              stats
                  .getRegions()
                  .forEach(
                      (address, regionStats) -> {
                        int entities = 0;
                        for (Object count : regionStats.getStats().values()) {
                          entities += ((Number) count).intValue();
                        }
                        byMember.put(
                            address,
                            new ClusterStatus.Shards(regionStats.getStats().size(), entities));
                      });
              return new TypeStats(byMember, null);
            });
  }
}
