package com.verenc.kms.node.key;

import com.verenc.kms.node.key.KeyEntityState.Absent;
import com.verenc.kms.node.key.KeyEntityState.Destroyed;
import com.verenc.kms.node.key.KeyEntityState.Live;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.EventAdapter;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One KMS key in one zone: a sharded, event-sourced entity that decides every change to the key and
 * performs its cryptography, so unwrapped material never leaves the entity (or the node's {@link
 * ResidentKeys}). This class wires the entity; each concern's handlers are a fragment ({@link
 * KeyHandlers}) and the state rules come first ({@link KeyStateRules}).
 */
public final class KeyEntity
    extends EventSourcedBehaviorWithEnforcedReplies<KeyMessage, KeyEvent, KeyEntityState> {

  public static final EntityTypeKey<KeyMessage> TYPE_KEY =
      EntityTypeKey.create(KeyMessage.class, "Key");

  private final KeyScope scope;
  private final KeyAccess access;
  private final CryptoHandlers crypto;
  private final DeletionHandlers deletion;

  /** In the order they are matched: the state rules first, the material gate (in crypto) next. */
  private final List<KeyHandlers> fragments;

  public static void init(ActorSystem<?> system, KeyEntityContext ctx) {
    ClusterSharding.get(system)
        .init(Entity.of(TYPE_KEY, entity -> create(entity.getEntityId(), ctx)));
  }

  /** A proxy-only region for the key shards of another zone (data centre). */
  public static void initProxy(ActorSystem<?> system, String zone) {
    ClusterSharding.get(system)
        .init(Entity.of(TYPE_KEY, entity -> Behaviors.<KeyMessage>empty()).withDataCenter(zone));
  }

  /** Zone-qualified, so zones sharing a database by mistake never write the same stream. */
  public static PersistenceId persistenceId(String zone, String keyId) {
    return PersistenceId.ofUniqueId("key|" + zone + "|" + keyId);
  }

  public static Behavior<KeyMessage> create(String keyId, KeyEntityContext ctx) {
    return Behaviors.setup(
        actor -> Behaviors.withTimers(timers -> new KeyEntity(keyId, ctx, actor, timers)));
  }

  private KeyEntity(
      String keyId,
      KeyEntityContext ctx,
      ActorContext<KeyMessage> actor,
      TimerScheduler<KeyMessage> timers) {
    super(
        persistenceId(ctx.zone(), keyId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.scope =
        new KeyScope(
            keyId,
            ctx,
            actor,
            timers,
            Effect(),
            ResidentKeys.get(actor.getSystem()),
            () -> lastSequenceNumber(actor));
    this.access = new KeyAccess(scope);
    this.crypto = new CryptoHandlers(scope);
    this.deletion = new DeletionHandlers(scope);
    this.fragments =
        List.of(
            new KeyStateRules(scope),
            crypto,
            new CreationHandlers(scope),
            new LifecycleHandlers(scope),
            new AdministrationHandlers(scope),
            deletion,
            new RotationHandlers(scope),
            new ReplicationHandlers(scope),
            new ZoneRetirementHandlers(scope),
            new ReplicaRepairHandlers(scope),
            new ImportHandlers(scope),
            new GrantHandlers(scope));
  }

  @Override
  public KeyEntityState emptyState() {
    return new Absent();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    // Snapshots speed up recovery; events are never deleted (see DESIGN.md, journal gaps).
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  @Override
  public EventAdapter<KeyEvent, ?> eventAdapter() {
    return new JournalMigrations.LegacyEvents(scope.ctx.zone());
  }

  @Override
  public SignalHandler<KeyEntityState> signalHandler() {
    return newSignalHandlerBuilder()
        // The journal is the authority on deletion and rotation dates and shared versions; make
        // the zone's indexes agree, resume pushes a replica zone has not acknowledged, and, as a
        // replica, tell the primary what this zone really holds.
        .onSignal(
            RecoveryCompleted.instance(),
            state -> {
              // After a restart, commands the failed incarnation had stashed are still waiting.
              scope.actor.getSelf().tell(new KeyInternal.Resumed());
              scope.ensureSchedule(state);
              scope.ensureVersions(state);
              scope.startPushes(state);
              scope.reportHeldVersion(state);
              scope.repairGrantIndex(state);
              scope.leases.recovered(state instanceof Live);
              if (state instanceof Live live) {
                scope.ctx.onKeyPresent().keyPresent(live.key().accountId(), scope.keyId);
              }
            })
        .onSignal(PostStop.instance(), state -> scope.stopped())
        .onSignal(PreRestart.instance(), state -> scope.reset())
        .build();
  }

  /** Access is decided first (see {@link KeyAccess}); then the first matching handler answers. */
  @Override
  public CommandHandlerWithReply<KeyMessage, KeyEvent, KeyEntityState> commandHandler() {
    CommandHandlerWithReply<KeyMessage, KeyEvent, KeyEntityState> handlers = handlers();
    return (state, message) -> {
      if (message instanceof KeyLease lease) {
        return leaseMessage(state, lease);
      }
      // Other nodes may serve the key on lease: they drop it before anything that may change it.
      if (scope.leases.mustRevokeBefore(message)) {
        scope.leases.revoke();
        return Effect().stash();
      }
      // A requester's command is stashed whole while the entity is busy, so that it is judged
      // for its requester, not its account's root, once it runs.
      Requester requester = null;
      KeyMessage command = message;
      if (message instanceof KeyCommand.AsRequester<?> asked && !scope.busy()) {
        requester = asked.requester();
        command = asked.command();
      }
      KeyMessage handled = command;
      return access
          .refusal(state, handled, requester)
          .map(refusal -> scope.reject(handled, refusal))
          .orElseGet(() -> handlers.apply(state, handled));
    };
  }

  private CommandHandlerWithReply<KeyMessage, KeyEvent, KeyEntityState> handlers() {
    CommandHandlerWithReplyBuilder<KeyMessage, KeyEvent, KeyEntityState> builder =
        newCommandHandlerWithReplyBuilder();
    fragments.forEach(fragment -> fragment.registerOutcomes(builder));
    builder
        .forAnyState()
        .onCommand(
            KeyInternal.Resumed.class, (state, resumed) -> Effect().noReply().thenUnstashAll())
        .onCommand(
            KeyInternal.ScheduleWriteFailed.class,
            (state, failed) -> {
              scope.timers.startSingleTimer(
                  "schedule-retry", new KeyInternal.ScheduleRetry(), scope.scheduleWriteFailed());
              return Effect().noReply();
            })
        .onCommand(
            KeyInternal.ScheduleRetry.class,
            (state, retry) -> {
              scope.ensureSchedule(state);
              return Effect().noReply();
            })
        .onCommand(KeyInternal.class, (state, message) -> Effect().noReply());
    // While the secret is on its way, everything waits, in order.
    builder
        .forState(state -> scope.busy())
        .onCommand(message -> true, (state, message) -> Effect().stash());
    deletion.registerDestruction(builder);
    fragments.forEach(fragment -> fragment.register(builder));
    builder.forStateType(Absent.class).onCommand(message -> true, this::unknownKey);
    builder.forStateType(Destroyed.class).onCommand(message -> true, this::unknownKey);
    // A tick nothing was due for: the row that caused it is stale.
    builder
        .forStateType(Live.class)
        .onCommand(
            KeyTick.class,
            (state, tick) -> {
              scope.ensureSchedule(state);
              return Effect().noReply();
            });
    return builder.build();
  }

  /**
   * The zone's leases on the key ({@link LeaseLedger}); a request waits while the entity is busy.
   */
  private org.apache.pekko.persistence.typed.javadsl.ReplyEffect<KeyEvent, KeyEntityState>
      leaseMessage(KeyEntityState state, KeyLease lease) {
    if (lease instanceof KeyLease.Request request) {
      if (scope.busy()) {
        return Effect().stash();
      }
      scope.leases.request(state, request);
      return Effect().noReply();
    }
    boolean done =
        lease instanceof KeyLease.Released released
            ? scope.leases.released(released)
            : scope.leases.due((KeyLease.RevocationDue) lease);
    return done ? Effect().noReply().thenUnstashAll() : Effect().noReply();
  }

  /** No key here: callers get NotFound; the sweepers' ticks are dropped. */
  private org.apache.pekko.persistence.typed.javadsl.ReplyEffect<KeyEvent, KeyEntityState>
      unknownKey(KeyEntityState state, KeyMessage message) {
    return scope.reject(message, scope.rejections.notFound(message, scope.keyId));
  }

  @Override
  public EventHandler<KeyEntityState, KeyEvent> eventHandler() {
    EventHandler<KeyEntityState, KeyEvent> handler =
        new KeyEventHandler(scope.ctx.zone()).build(newEventHandlerBuilder());
    // Pekko applies an event before writing it, so the key is withdrawn before any change is
    // acknowledged.
    return (state, event) -> {
      scope.resident.withdraw();
      return handler.apply(state, event);
    };
  }
}
