package com.verenc.kms.node.api;

import com.verenc.kms.node.async.SameThread;
import com.verenc.kms.node.directory.AccountDirectory;
import com.verenc.kms.node.directory.DirectoryCommand;
import com.verenc.kms.node.directory.DirectoryReply;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** Asks the account directories of this zone. */
public final class Directories {
  private final ClusterSharding sharding;
  private final Duration timeout;

  public Directories(ClusterSharding sharding, Duration timeout) {
    this.sharding = sharding;
    this.timeout = timeout;
  }

  public <R extends DirectoryReply> CompletionStage<R> ask(
      String accountId, Function<ActorRef<DirectoryReply>, DirectoryCommand> command, Class<R> expected) {
    return SameThread.of(
            sharding.entityRefFor(AccountDirectory.TYPE_KEY, accountId).<DirectoryReply>ask(command::apply, timeout))
        .thenApply(reply -> Replies.expect(reply, expected));
  }

  public void tell(String accountId, DirectoryCommand command) {
    sharding.entityRefFor(AccountDirectory.TYPE_KEY, accountId).tell(command);
  }
}
