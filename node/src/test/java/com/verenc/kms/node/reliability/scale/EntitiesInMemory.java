package com.verenc.kms.node.reliability.scale;

import com.verenc.kms.node.key.KeyEntity;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** How much of a node is in memory: key entities alive in its shard region, and the JVM heap. */
final class EntitiesInMemory {
  private EntitiesInMemory() {}

  /** Key entities currently running (not passivated) on this node. */
  static int keyEntities(ActorSystem<?> system) {
    ShardRegion.CurrentShardRegionState state =
        AskPattern
            .<org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery,
                ShardRegion.CurrentShardRegionState>
                ask(
                    ClusterSharding.get(system).shardState(),
                    replyTo -> new GetShardRegionState(KeyEntity.TYPE_KEY, replyTo),
                    Duration.ofSeconds(10),
                    system.scheduler())
            .toCompletableFuture()
            .join();
    return state.getShards().stream().mapToInt(s -> s.getEntityIds().size()).sum();
  }

  /** Heap in use after a full collection, in MiB (the test JVM holds the node and the test). */
  static long usedHeapMiB() {
    for (int i = 0; i < 2; i++) {
      System.gc();
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
  }
}
