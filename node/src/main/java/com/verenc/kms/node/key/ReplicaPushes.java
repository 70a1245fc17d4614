package com.verenc.kms.node.key;

import com.verenc.kms.node.key.KeyCommand.ApplyReplica;
import com.verenc.kms.node.key.KeyCommand.PushResult;
import com.verenc.kms.node.metrics.NodeMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Delivers one key's shared state to the other zones of its set: at most one push per zone
 * on the way, exponential back-off per zone after a failure. Lives inside the key entity and
 * is used only from its thread; answers come back to the entity as PushResult.
 */
final class ReplicaPushes {
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

  private final ActorContext<KeyCommand> actor;
  private final KeyEntityContext ctx;
  private final String keyId;
  private final String persistenceId;
  private final Set<String> inFlight = new HashSet<>();
  private final Map<String, Duration> backoff = new HashMap<>();
  private final Map<String, Instant> nextAttempt = new HashMap<>();
  /** Since when each zone has lacked the key's current version, for the replication lag metric. */
  private final Map<String, Instant> behindSince = new HashMap<>();

  ReplicaPushes(ActorContext<KeyCommand> actor, KeyEntityContext ctx, String keyId, String persistenceId) {
    this.actor = actor;
    this.ctx = ctx;
    this.keyId = keyId;
    this.persistenceId = persistenceId;
  }

  /** Pushes the current version to every zone that lacks it, has no push on the way and is not backing off. */
  void start(KeyRecord key) {
    List<String> pending = key.replication().pendingZones(ctx.zone());
    Instant now = Instant.now();
    SharedState shared = null;
    for (String zone : pending) {
      behindSince.putIfAbsent(zone, now);
      if (inFlight.contains(zone) || now.isBefore(nextAttempt.getOrDefault(zone, Instant.MIN))) {
        continue;
      }
      if (shared == null) {
        // The secret travels as stored: wrapped under the master key every zone shares.
        byte[] wrappedSecret = ctx.secrets().exportWrapped(persistenceId).orElse(null);
        if (wrappedSecret == null) {
          return;
        }
        shared = key.shared(wrappedSecret);
      }
      SharedState toSend = shared;
      Replication.ReplicaSeed seed = key.replication().seeds().get(zone);
      inFlight.add(zone);
      // A zone added to the installation after this node started has no proxy yet.
      KeyEntity.initProxy(actor.getSystem(), zone);
      var reply = ClusterSharding.get(actor.getSystem()).entityRefFor(KeyEntity.TYPE_KEY, keyId, zone)
          .<KeyReply>ask(replyTo -> new ApplyReplica(toSend, seed, replyTo), ctx.pushTimeout());
      actor.pipeToSelf(reply, (answer, failure) -> new PushResult(zone,
          answer instanceof KeyReply.ReplicaAck ack ? ack.version() : -1, null));
    }
  }

  /**
   * Takes a push's outcome: a failure backs the zone off, a success resets it.
   *
   * @return whether the answer acknowledges a version the key has not recorded yet
   */
  boolean settle(PushResult result, Replication replication) {
    inFlight.remove(result.zone());
    if (result.ackedVersion() < 0) {
      Duration wait = backoff.getOrDefault(result.zone(), FIRST_BACKOFF);
      nextAttempt.put(result.zone(), Instant.now().plus(wait));
      Duration doubled = wait.multipliedBy(2);
      backoff.put(result.zone(), doubled.compareTo(ctx.maxPushBackoff()) > 0 ? ctx.maxPushBackoff() : doubled);
      return false;
    }
    backoff.remove(result.zone());
    nextAttempt.remove(result.zone());
    if (result.ackedVersion() >= replication.version()) {
      Instant since = behindSince.remove(result.zone());
      if (since != null) {
        NodeMetrics.get(actor.getSystem())
            .recordReplicationLag(ctx.zone(), result.zone(), Duration.between(since, Instant.now()));
      }
    }
    return result.ackedVersion() > replication.acknowledged(result.zone());
  }
}
