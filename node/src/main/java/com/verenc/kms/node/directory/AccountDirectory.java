package com.verenc.kms.node.directory;

import com.verenc.kms.node.directory.DirectoryCommand.ContainsKey;
import com.verenc.kms.node.directory.DirectoryCommand.CountKeys;
import com.verenc.kms.node.directory.DirectoryCommand.CreateAlias;
import com.verenc.kms.node.directory.DirectoryCommand.DeleteAlias;
import com.verenc.kms.node.directory.DirectoryCommand.ListAliases;
import com.verenc.kms.node.directory.DirectoryCommand.ListKeys;
import com.verenc.kms.node.directory.DirectoryCommand.RegisterKey;
import com.verenc.kms.node.directory.DirectoryCommand.RemoveKey;
import com.verenc.kms.node.directory.DirectoryCommand.ResolveAlias;
import com.verenc.kms.node.directory.DirectoryCommand.UpdateAlias;
import com.verenc.kms.node.paging.Page;
import com.verenc.kms.protocol.Arns;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * An account's directory in one zone: the list of its keys and its aliases. Alias names are unique
 * per account and zone because one entity owns them all.
 */
public final class AccountDirectory
    extends EventSourcedBehaviorWithEnforcedReplies<
        DirectoryCommand, DirectoryEvent, DirectoryState> {

  public static final EntityTypeKey<DirectoryCommand> TYPE_KEY =
      EntityTypeKey.create(DirectoryCommand.class, "AccountDirectory");

  private final String accountId;
  private final Arns arns;
  private final Clock clock;

  /**
   * @param arns how this zone names aliases in its messages
   */
  public static void init(ActorSystem<?> system, String zone, Arns arns, Clock clock) {
    ClusterSharding.get(system)
        .init(Entity.of(TYPE_KEY, entity -> create(zone, arns, entity.getEntityId(), clock)));
  }

  public static Behavior<DirectoryCommand> create(
      String zone, Arns arns, String accountId, Clock clock) {
    return new AccountDirectory(zone, arns, accountId, clock);
  }

  private AccountDirectory(String zone, Arns arns, String accountId, Clock clock) {
    super(
        PersistenceId.ofUniqueId("directory|" + zone + "|" + accountId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.accountId = accountId;
    this.arns = arns;
    this.clock = clock;
  }

  @Override
  public DirectoryState emptyState() {
    return DirectoryState.empty();
  }

  /**
   * A snapshot carries every key id of the account (3.8 MB at 100,000 keys, DirectoryStateTest), so
   * it is taken every 1,000 events rather than 100: recovery replays at most 1,000 small events,
   * and CreateKey pays a few KB of snapshot per key instead of tens.
   */
  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(1000, 2);
  }

  @Override
  public CommandHandlerWithReply<DirectoryCommand, DirectoryEvent, DirectoryState>
      commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(
            RegisterKey.class,
            (state, cmd) ->
                state.keyIds().contains(cmd.keyId())
                    ? Effect().reply(cmd.replyTo(), new DirectoryReply.Done())
                    : Effect()
                        .persist(new DirectoryEvent.KeyRegistered(cmd.keyId()))
                        .thenReply(cmd.replyTo(), s -> new DirectoryReply.Done()))
        .onCommand(
            RemoveKey.class,
            (state, cmd) ->
                state.keyIds().contains(cmd.keyId())
                    ? Effect().persist(new DirectoryEvent.KeyRemoved(cmd.keyId())).thenNoReply()
                    : Effect().noReply())
        .onCommand(
            ContainsKey.class,
            (state, cmd) ->
                Effect()
                    .reply(
                        cmd.replyTo(),
                        new DirectoryReply.KeyPresence(state.keyIds().contains(cmd.keyId()))))
        .onCommand(
            CountKeys.class,
            (state, cmd) -> Effect().reply(cmd.replyTo(), keyCount(state, cmd.platformKeyId())))
        .onCommand(
            ListKeys.class, (state, cmd) -> Effect().reply(cmd.replyTo(), listKeys(state, cmd)))
        .onCommand(CreateAlias.class, this::createAlias)
        .onCommand(UpdateAlias.class, this::updateAlias)
        .onCommand(DeleteAlias.class, this::deleteAlias)
        .onCommand(
            ResolveAlias.class, (state, cmd) -> Effect().reply(cmd.replyTo(), resolve(state, cmd)))
        .onCommand(
            ListAliases.class,
            (state, cmd) -> Effect().reply(cmd.replyTo(), listAliases(state, cmd)))
        .build();
  }

  private ReplyEffect<DirectoryEvent, DirectoryState> createAlias(
      DirectoryState state, CreateAlias cmd) {
    if (state.aliases().containsKey(cmd.aliasName())) {
      return Effect()
          .reply(
              cmd.replyTo(),
              new DirectoryReply.Rejected(
                  ErrorCode.ALREADY_EXISTS,
                  "An alias with the name "
                      + arns.alias(accountId, cmd.aliasName())
                      + " already exists. "
                      + "Use UpdateAlias to point it at another key."));
    }
    long own =
        state.aliases().keySet().stream()
            .filter(name -> ReservedAliases.prefixOf(name).isEmpty())
            .count();
    if (own >= cmd.maxAliases()) {
      return Effect()
          .reply(
              cmd.replyTo(),
              new DirectoryReply.Rejected(
                  ErrorCode.LIMIT_EXCEEDED,
                  "Account "
                      + accountId
                      + " has "
                      + own
                      + " aliases in zone "
                      + arns.zone()
                      + ", its quota (aliasesPerZone "
                      + cmd.maxAliases()
                      + "). Delete aliases it no longer needs, or ask the operator to raise the quota."));
    }
    return Effect()
        .persist(
            new DirectoryEvent.AliasCreated(cmd.aliasName(), cmd.targetKeyId(), clock.instant()))
        .thenReply(cmd.replyTo(), s -> new DirectoryReply.Done());
  }

  private ReplyEffect<DirectoryEvent, DirectoryState> updateAlias(
      DirectoryState state, UpdateAlias cmd) {
    if (!state.aliases().containsKey(cmd.aliasName())) {
      return Effect().reply(cmd.replyTo(), aliasNotFound(cmd.aliasName()));
    }
    return Effect()
        .persist(
            new DirectoryEvent.AliasUpdated(cmd.aliasName(), cmd.targetKeyId(), clock.instant()))
        .thenReply(cmd.replyTo(), s -> new DirectoryReply.Done());
  }

  private ReplyEffect<DirectoryEvent, DirectoryState> deleteAlias(
      DirectoryState state, DeleteAlias cmd) {
    if (!state.aliases().containsKey(cmd.aliasName())) {
      return Effect().reply(cmd.replyTo(), aliasNotFound(cmd.aliasName()));
    }
    return Effect()
        .persist(new DirectoryEvent.AliasDeleted(cmd.aliasName()))
        .thenReply(cmd.replyTo(), s -> new DirectoryReply.Done());
  }

  private DirectoryReply resolve(DirectoryState state, ResolveAlias cmd) {
    AliasEntry alias = state.aliases().get(cmd.aliasName());
    return alias == null
        ? aliasNotFound(cmd.aliasName())
        : new DirectoryReply.Resolved(alias.targetKeyId());
  }

  private static DirectoryReply.KeyCount keyCount(DirectoryState state, String platformKeyId) {
    return new DirectoryReply.KeyCount(
        state.keyIds().size() - (state.keyIds().contains(platformKeyId) ? 1 : 0));
  }

  private static DirectoryReply listKeys(DirectoryState state, ListKeys cmd) {
    try {
      Page<String> page = Page.of(state.keyIds(), cmd.limit(), cmd.marker(), id -> id);
      return new DirectoryReply.KeyPage(page.items(), page.nextMarker());
    } catch (KmsException e) {
      return new DirectoryReply.Rejected(e.code(), e.getMessage());
    }
  }

  private static DirectoryReply listAliases(DirectoryState state, ListAliases cmd) {
    List<AliasEntry> aliases =
        state.aliases().values().stream()
            .filter(a -> cmd.keyId() == null || a.targetKeyId().equals(cmd.keyId()))
            .toList();
    try {
      Page<AliasEntry> page = Page.of(aliases, cmd.limit(), cmd.marker(), AliasEntry::aliasName);
      return new DirectoryReply.AliasPage(page.items(), page.nextMarker());
    } catch (KmsException e) {
      return new DirectoryReply.Rejected(e.code(), e.getMessage());
    }
  }

  private DirectoryReply.Rejected aliasNotFound(String aliasName) {
    return new DirectoryReply.Rejected(
        ErrorCode.NOT_FOUND, "Alias " + arns.alias(accountId, aliasName) + " is not found.");
  }

  @Override
  public EventHandler<DirectoryState, DirectoryEvent> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(DirectoryEvent.KeyRegistered.class, (state, e) -> state.withKey(e.keyId()))
        .onEvent(DirectoryEvent.KeyRemoved.class, (state, e) -> state.withoutKey(e.keyId()))
        .onEvent(
            DirectoryEvent.AliasCreated.class,
            (state, e) ->
                state.withAlias(new AliasEntry(e.aliasName(), e.targetKeyId(), e.at(), e.at())))
        .onEvent(
            DirectoryEvent.AliasUpdated.class,
            (state, e) -> {
              AliasEntry old = state.aliases().get(e.aliasName());
              return state.withAlias(
                  new AliasEntry(e.aliasName(), e.targetKeyId(), old.createdAt(), e.at()));
            })
        .onEvent(DirectoryEvent.AliasDeleted.class, (state, e) -> state.withoutAlias(e.aliasName()))
        .build();
  }
}
