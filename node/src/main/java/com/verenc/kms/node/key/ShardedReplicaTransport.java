package com.verenc.kms.node.key;

import com.verenc.kms.node.replication.ReplicaSeed;
import com.verenc.kms.node.replication.SharedState;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Delivers shared states, and replicas' versions, through cluster sharding to the key's entity in
 * the other zone.
 */
public final class ShardedReplicaTransport implements ReplicaTransport {
  private final ActorSystem<?> system;
  private final Duration timeout;

  public ShardedReplicaTransport(ActorSystem<?> system, Duration timeout) {
    this.system = system;
    this.timeout = timeout;
  }

  @Override
  public CompletionStage<Integer> push(String zone, SharedState state, ReplicaSeed seed) {
    // A zone added to the installation after this node started has no proxy yet.
    KeyEntity.initProxy(system, zone);
    return ClusterSharding.get(system)
        .entityRefFor(KeyEntity.TYPE_KEY, state.keyId(), zone)
        .<KeyReply<KeyAnswer.ReplicaAck>>ask(
            replyTo -> new KeyCommand.ApplyReplica(state, seed, replyTo), timeout)
        .thenApply(
            reply ->
                reply instanceof KeyReply.Ok<KeyAnswer.ReplicaAck> ok ? ok.answer().version() : -1);
  }

  @Override
  public void report(String zone, String keyId, KeyNotice.ReplicaHolds held) {
    KeyEntity.initProxy(system, zone);
    ClusterSharding.get(system).entityRefFor(KeyEntity.TYPE_KEY, keyId, zone).tell(held);
  }
}
