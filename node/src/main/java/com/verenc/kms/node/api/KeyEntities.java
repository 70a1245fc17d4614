package com.verenc.kms.node.api;

import com.verenc.kms.node.async.SameThread;
import com.verenc.kms.node.key.KeyCommand;
import com.verenc.kms.node.key.KeyEntity;
import com.verenc.kms.node.key.KeyReply;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** Asks the key entities of this zone, wherever in the zone's cluster they run. */
public final class KeyEntities {
  private final ClusterSharding sharding;
  private final Duration timeout;

  public KeyEntities(ClusterSharding sharding, Duration timeout) {
    this.sharding = sharding;
    this.timeout = timeout;
  }

  /** The reply of the expected type; a rejection completes the stage with its KmsException. */
  public <R extends KeyReply> CompletionStage<R> ask(
      String keyId, Function<ActorRef<KeyReply>, KeyCommand> command, Class<R> expected) {
    return SameThread.of(sharding.entityRefFor(KeyEntity.TYPE_KEY, keyId).<KeyReply>ask(command::apply, timeout))
        .thenApply(reply -> Replies.expect(reply, expected));
  }
}
