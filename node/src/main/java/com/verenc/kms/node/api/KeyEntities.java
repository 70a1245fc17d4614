package com.verenc.kms.node.api;

import com.verenc.kms.node.async.SameThread;
import com.verenc.kms.node.key.KeyCommand;
import com.verenc.kms.node.key.KeyEntity;
import com.verenc.kms.node.key.KeyReply;
import com.verenc.kms.node.key.ResidentKeys;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** Asks the key entities of this zone, wherever in the zone's cluster they run. */
public final class KeyEntities {
  private final ClusterSharding sharding;
  private final Duration timeout;
  private final ResidentKeys resident;

  public KeyEntities(ClusterSharding sharding, Duration timeout, ResidentKeys resident) {
    this.sharding = sharding;
    this.timeout = timeout;
    this.resident = resident;
  }

  /**
   * The reply of the expected type; a rejection completes the stage with its KmsException. Crypto
   * commands on a key resident on this node are answered right here (see ResidentKeys).
   */
  public <R extends KeyReply> CompletionStage<R> ask(
      String keyId, Function<ActorRef<KeyReply>, KeyCommand> command, Class<R> expected) {
    Optional<KeyReply> served = resident.serve(keyId, command);
    if (served.isPresent()) {
      try {
        return CompletableFuture.completedFuture(Replies.expect(served.get(), expected));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    return SameThread.of(sharding.entityRefFor(KeyEntity.TYPE_KEY, keyId).<KeyReply>ask(command::apply, timeout))
        .thenApply(reply -> Replies.expect(reply, expected));
  }
}
