package com.verenc.kms.node.defaultkey;

import com.verenc.kms.node.async.Failures;
import com.verenc.kms.node.async.SameThread;
import com.verenc.kms.node.directory.Directories;
import com.verenc.kms.node.directory.DirectoryCommand;
import com.verenc.kms.node.directory.DirectoryReply;
import com.verenc.kms.node.key.KeyAnswer;
import com.verenc.kms.node.key.KeyCommand;
import com.verenc.kms.node.key.KeyEntity;
import com.verenc.kms.node.key.KeyReply;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Makes sure an account's Default Organization Key is usable in this zone before its first request
 * here is served: asks the platform primary zone to create it (or to add this zone as a replica)
 * and waits until the replica has arrived, then lists it and its alias here. Concurrent first
 * requests of an account share one provisioning; accounts already done are remembered, so later
 * requests cost one set lookup.
 */
public final class DefaultKeyProvisioner {
  private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(10);
  private static final long POLL_MILLIS = 20;

  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final Directories directories;
  private final String zone;
  private final String platformPrimaryZone;
  private final List<String> zones;
  private final Predicate<String> retired;
  private final Duration askTimeout;
  private final ReadyAccounts accounts = new ReadyAccounts(this::makeUsableHere);

  public DefaultKeyProvisioner(
      ActorSystem<?> system,
      Directories directories,
      String zone,
      String platformPrimaryZone,
      Set<String> zones,
      Predicate<String> retired,
      Duration askTimeout) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.directories = directories;
    this.zone = zone;
    this.platformPrimaryZone = platformPrimaryZone;
    this.zones = List.copyOf(new java.util.TreeSet<>(zones));
    this.retired = retired;
    this.askTimeout = askTimeout;
  }

  public CompletionStage<Void> ensure(String accountId) {
    return accounts.ensure(accountId);
  }

  private CompletionStage<Void> makeUsableHere(String accountId) {
    String keyId = DefaultKeys.keyIdFor(accountId);
    return existsHere(accountId, keyId)
        .thenCompose(
            exists ->
                exists ? CompletableFuture.completedFuture(null) : provision(accountId, keyId))
        .thenCompose(
            v ->
                directories.ask(
                    accountId,
                    replyTo -> new DirectoryCommand.RegisterKey(keyId, replyTo),
                    DirectoryReply.Done.class))
        .thenCompose(
            v ->
                directories
                    .<DirectoryReply.Done>ask(
                        accountId,
                        replyTo ->
                            new DirectoryCommand.CreateAlias(
                                DefaultKeys.ALIAS, keyId, Integer.MAX_VALUE, replyTo),
                        DirectoryReply.Done.class)
                    .exceptionally(e -> alreadyExists(e)))
        .thenAccept(done -> {});
  }

  private CompletionStage<Void> provision(String accountId, String keyId) {
    if (!zone.equals(platformPrimaryZone)) {
      KeyEntity.initProxy(system, platformPrimaryZone);
    }
    var primary =
        zone.equals(platformPrimaryZone)
            ? sharding.entityRefFor(KeyEntity.TYPE_KEY, keyId)
            : sharding.entityRefFor(KeyEntity.TYPE_KEY, keyId, platformPrimaryZone);
    // A retired zone gets no replica, even while KMS_ZONES still lists it.
    List<String> wanted =
        new java.util.ArrayList<>(zones.stream().filter(retired.negate()).toList());
    if (!wanted.contains(zone)) {
      wanted.add(zone);
    }
    return SameThread.of(
            primary.<KeyReply<KeyAnswer.Done>>ask(
                replyTo -> new KeyCommand.ProvisionDefault(accountId, wanted, replyTo), askTimeout))
        .thenCompose(done -> awaitArrival(accountId, keyId, Instant.now().plus(ARRIVAL_TIMEOUT)));
  }

  private CompletionStage<Void> awaitArrival(String accountId, String keyId, Instant deadline) {
    return existsHere(accountId, keyId)
        .thenCompose(
            exists -> {
              if (exists) {
                return CompletableFuture.completedFuture(null);
              }
              if (Instant.now().isAfter(deadline)) {
                throw new KmsException(
                    ErrorCode.DEPENDENCY_TIMEOUT,
                    "The Default Organization Key of account "
                        + accountId
                        + " has not reached zone "
                        + zone
                        + " yet; retry shortly.");
              }
              return CompletableFuture.supplyAsync(
                      () -> null,
                      CompletableFuture.delayedExecutor(
                          POLL_MILLIS, TimeUnit.MILLISECONDS, SameThread.EXECUTOR))
                  .thenCompose(v -> awaitArrival(accountId, keyId, deadline));
            });
  }

  private CompletionStage<Boolean> existsHere(String accountId, String keyId) {
    return SameThread.of(
            sharding
                .entityRefFor(KeyEntity.TYPE_KEY, keyId)
                .<KeyReply<KeyAnswer.Metadata>>ask(
                    replyTo -> new KeyCommand.Describe(accountId, replyTo), askTimeout))
        .thenApply(reply -> reply instanceof KeyReply.Ok);
  }

  private static DirectoryReply.Done alreadyExists(Throwable e) {
    Throwable cause = Failures.cause(e);
    if (cause instanceof KmsException k && k.code() == ErrorCode.ALREADY_EXISTS) {
      return new DirectoryReply.Done();
    }
    throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
  }
}
