package com.verenc.kms.node.api;

import com.verenc.kms.node.async.Failures;
import com.verenc.kms.node.async.SameThread;
import com.verenc.kms.node.directory.DirectoryCommand;
import com.verenc.kms.node.directory.DirectoryReply;
import com.verenc.kms.node.key.KeyCommand;
import com.verenc.kms.node.key.KeyEntity;
import com.verenc.kms.node.key.KeyReply;
import com.verenc.kms.node.key.ResidentKeys;
import com.verenc.kms.protocol.Arns;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
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
  private final KeyPresence presence;

  /** @param presenceGenerationSize how many confirmed keys a node remembers per generation (KeyPresence) */
  public KeyEntities(ClusterSharding sharding, Duration timeout, ResidentKeys resident, Directories directories,
      Arns arns, int presenceGenerationSize) {
    this.sharding = sharding;
    this.timeout = timeout;
    this.resident = resident;
    this.presence = new KeyPresence((accountId, keyId) -> directories.ask(accountId,
            replyTo -> new DirectoryCommand.ContainsKey(keyId, replyTo), DirectoryReply.KeyPresence.class)
        .thenApply(DirectoryReply.KeyPresence::present), arns, presenceGenerationSize);
  }

  /**
   * Asks an existing key of {@code accountId}: the reply of the expected type; a rejection
   * completes the stage with its KmsException. Crypto commands on a key resident on this node
   * are answered right here (see ResidentKeys); a key the account does not have in this zone is
   * NotFoundException without any entity being started.
   */
  public <R extends KeyReply> CompletionStage<R> ask(
      String accountId, String keyId, Function<ActorRef<KeyReply>, KeyCommand> command, Class<R> expected) {
    Optional<KeyReply> served = resident.serve(keyId, command);
    if (served.isPresent()) {
      try {
        return CompletableFuture.completedFuture(Replies.expect(served.get(), expected));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    return presence.require(accountId, keyId).thenCompose(present -> askEntity(keyId, command, expected)
        .whenComplete((reply, failure) -> {
          // The key's own entity says it is gone: the owner's next request asks the directory again.
          if (failure != null && Failures.cause(failure) instanceof KmsException e && e.code() == ErrorCode.NOT_FOUND) {
            presence.forget(accountId, keyId);
          }
        }));
  }

  /**
   * Creates a key of {@code accountId}: the one request that may start an entity for a new id. The
   * key is found by later requests once the account directory lists it ({@link #registered}).
   */
  public <R extends KeyReply> CompletionStage<R> create(
      String accountId, String keyId, Function<ActorRef<KeyReply>, KeyCommand> command, Class<R> expected) {
    return askEntity(keyId, command, expected);
  }

  /** The account directory lists the key now: this node need not ask it again. */
  public void registered(String accountId, String keyId) {
    presence.remember(accountId, keyId);
  }

  private <R extends KeyReply> CompletionStage<R> askEntity(
      String keyId, Function<ActorRef<KeyReply>, KeyCommand> command, Class<R> expected) {
    return SameThread.of(sharding.entityRefFor(KeyEntity.TYPE_KEY, keyId).<KeyReply>ask(command::apply, timeout))
        .thenApply(reply -> Replies.expect(reply, expected));
  }
}
