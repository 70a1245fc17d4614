package com.verenc.kms.node.cluster;

import com.verenc.kms.node.key.KeyEntity;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ActorIdentity;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.Identify;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.HashCodeMessageExtractor;
import org.apache.pekko.pattern.Patterns;
import scala.concurrent.duration.FiniteDuration;

/**
 * Finds the node holding a key's entity in a zone: the shard comes from the key id as KeyEntity's
 * sharding computes it (Pekko's default extractor, entity id = key id, hashed over {@code
 * pekko.cluster.sharding.number-of-shards}); the node from the zone's shard coordinator; whether
 * the entity is awake from an Identify sent to its actor path, which does not wake it.
 */
public final class KeyLocator {
  private final ActorSystem<?> system;
  private final String selfZone;
  private final Duration timeout;
  private final HashCodeMessageExtractor<?> shards;

  public KeyLocator(ActorSystem<?> system, String selfZone, Duration timeout) {
    this.system = system;
    this.selfZone = selfZone;
    this.timeout = timeout;
    this.shards =
        new HashCodeMessageExtractor<>(ClusterShardingSettings.create(system).numberOfShards());
  }

  /** The shard a key id hashes to, in every zone. */
  public String shardOf(String keyId) {
    return shards.shardId(keyId);
  }

  public CompletionStage<KeyLocation> locate(String keyId, String zone) {
    String shard = shardOf(keyId);
    var question =
        new ShardRegion.GetClusterShardingStats(FiniteDuration.fromNanos(timeout.toNanos()));
    return Patterns.ask(
            ClusterStatusCollector.keyRegion(system, selfZone, zone),
            question,
            timeout.plusSeconds(1))
        .toCompletableFuture()
        .thenCompose(
            answer -> {
              Address host = hostOf(answer, shard);
              if (host == null) {
                return CompletableFuture.completedFuture(
                    new KeyLocation(keyId, zone, shard, null, null, null));
              }
              return awake(host, shard, keyId)
                  .thenApply(
                      inMemory ->
                          new KeyLocation(keyId, zone, shard, host.toString(), inMemory, null));
            })
        .exceptionally(
            failure ->
                new KeyLocation(
                    keyId,
                    zone,
                    shard,
                    null,
                    null,
                    "no answer from zone "
                        + zone
                        + "'s shard coordinator within "
                        + timeout.toMillis()
                        + " ms (zone unreachable or still starting)"));
  }

  private static Address hostOf(Object answer, String shard) {
    if (answer instanceof ShardRegion.ClusterShardingStats stats) {
      for (var region : stats.getRegions().entrySet()) {
        if (region.getValue().getStats().containsKey(shard)) {
          return region.getKey();
        }
      }
    }
    return null;
  }

  /**
   * Whether the entity's actor exists under the hosting region: Identify answers without waking it.
   */
  private CompletableFuture<Boolean> awake(Address host, String shard, String keyId) {
    String path =
        host
            + "/system/sharding/"
            + KeyEntity.TYPE_KEY.name()
            + "/"
            + shard
            + "/"
            + URLEncoder.encode(keyId, StandardCharsets.UTF_8);
    return Patterns.ask(
            Adapter.toClassic(system).actorSelection(path), new Identify(keyId), timeout)
        .toCompletableFuture()
        .thenApply(
            reply -> reply instanceof ActorIdentity identity && identity.getActorRef().isPresent())
        .exceptionally(noAnswer -> null); // the node is known; whether the key is awake is not
  }
}
