package com.verenc.kms.node.directory;

import com.verenc.kms.node.async.Failures;
import com.verenc.kms.node.async.SameThread;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the account directories of this zone, wherever in the zone's cluster they run. A directory's
 * rejection fails the answer with its KmsException.
 */
public final class Directories {
  private static final Logger log = LoggerFactory.getLogger(Directories.class);
  private static final int REGISTRATION_ATTEMPTS = 8;

  private final ClusterSharding sharding;
  private final Duration timeout;

  public Directories(ClusterSharding sharding, Duration timeout) {
    this.sharding = sharding;
    this.timeout = timeout;
  }

  /** The directory's reply, of the {@code expected} type (any other is an internal error). */
  public <R extends DirectoryReply> CompletionStage<R> ask(
      String accountId,
      Function<ActorRef<DirectoryReply>, DirectoryCommand> command,
      Class<R> expected) {
    return SameThread.of(
            sharding
                .entityRefFor(AccountDirectory.TYPE_KEY, accountId)
                .<DirectoryReply>ask(command::apply, timeout))
        .thenApply(reply -> expect(reply, expected));
  }

  public void tell(String accountId, DirectoryCommand command) {
    sharding.entityRefFor(AccountDirectory.TYPE_KEY, accountId).tell(command);
  }

  /**
   * Lists a key in its account's directory, asking again with back-off until the directory has
   * confirmed it: requests for a key the directory does not list are NotFound (KeyPresence), so a
   * registration lost in transit (a shard moving, a node stopping) must not stay lost.
   */
  public void registerKey(String accountId, String keyId) {
    registerKey(accountId, keyId, 1);
  }

  private void registerKey(String accountId, String keyId, int attempt) {
    ask(
            accountId,
            replyTo -> new DirectoryCommand.RegisterKey(keyId, replyTo),
            DirectoryReply.Done.class)
        .whenComplete(
            (done, failure) -> {
              if (failure == null) {
                return;
              }
              if (attempt >= REGISTRATION_ATTEMPTS) {
                log.warn(
                    "Key {} of account {} is not listed in its directory after {} attempts ({}); its next "
                        + "recovery lists it",
                    keyId,
                    accountId,
                    attempt,
                    Failures.cause(failure).toString());
                return;
              }
              long delayMillis = Math.min(30_000, 500L << attempt);
              CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS)
                  .execute(() -> registerKey(accountId, keyId, attempt + 1));
            });
  }

  private static <R extends DirectoryReply> R expect(DirectoryReply reply, Class<R> type) {
    if (reply instanceof DirectoryReply.Rejected rejected) {
      throw new KmsException(rejected.code(), rejected.message());
    }
    if (!type.isInstance(reply)) {
      throw new KmsException(
          ErrorCode.INTERNAL, "unexpected internal reply " + reply.getClass().getSimpleName());
    }
    return type.cast(reply);
  }
}
