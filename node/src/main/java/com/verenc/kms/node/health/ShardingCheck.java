package com.verenc.kms.node.health;

import com.verenc.kms.node.key.KeyEntity;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.sharding.ClusterSharding;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.pattern.Patterns;

/**
 * Readiness: this node's key shard region is registered with its zone's shard coordinator, so keys
 * can be placed on it and requests routed to it.
 */
public final class ShardingCheck implements Supplier<CompletionStage<Boolean>> {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private final ActorSystem system;

  public ShardingCheck(ActorSystem system) {
    this.system = system;
  }

  @Override
  public CompletionStage<Boolean> get() {
    var region = ClusterSharding.get(system).shardRegion(KeyEntity.TYPE_KEY.name());
    var self = Cluster.get(system).selfAddress();
    return Patterns.ask(region, ShardRegion.getCurrentRegionsInstance(), TIMEOUT)
        .handle(
            (answer, failure) ->
                answer instanceof ShardRegion.CurrentRegions regions
                    && regions.getRegions().contains(self));
  }
}
