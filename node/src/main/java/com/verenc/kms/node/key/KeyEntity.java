package com.verenc.kms.node.key;

import com.verenc.kms.node.key.KeyEntityState.Absent;
import com.verenc.kms.node.key.KeyEntityState.Destroyed;
import com.verenc.kms.node.key.KeyEntityState.Live;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.EventAdapter;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
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

  // The slots of an entity's fragments, as the node's handler table knows them.
  private static final int SCOPE = 0;
  private static final int STATE_RULES = 1;
  private static final int CRYPTO = 2;
  private static final int CREATION = 3;
  private static final int LIFECYCLE = 4;
  private static final int ADMINISTRATION = 5;
  private static final int DELETION = 6;
  private static final int ROTATION = 7;
  private static final int REPLICATION = 8;
  private static final int ZONE_RETIREMENT = 9;
  private static final int REPLICA_REPAIR = 10;
  private static final int IMPORT = 11;
  private static final int GRANTS = 12;

  /**
   * The command handling of every key entity of the node, built once (see {@link HandlerTable}).
   */
  private static final HandlerTable HANDLERS = handlerTable();

  /** Immutable, so one serves every entity (each its own cost ~0.2 KB of heap). */
  private static final BackoffSupervisorStrategy RESTART_ON_FAILURE =
      SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2);

  private final KeyScope scope;
  private final KeyAccess access;

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
        actor ->
            Behaviors.withTimers(
                timers ->
                    new KeyEntity(keyId, persistenceId(ctx.zone(), keyId), ctx, actor, timers)));
  }

  private KeyEntity(
      String keyId,
      PersistenceId persistenceId,
      KeyEntityContext ctx,
      ActorContext<KeyMessage> actor,
      TimerScheduler<KeyMessage> timers) {
    super(persistenceId, RESTART_ON_FAILURE);
    this.scope =
        new KeyScope(
            keyId,
            persistenceId.id(),
            ctx,
            actor,
            timers,
            Effect(),
            ResidentKeys.get(actor.getSystem()),
            () -> lastSequenceNumber(actor));
    this.access = new KeyAccess(scope);
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
    return new SignalHandler<>(new KeySignals(scope));
  }

  /** Access is decided first (see {@link KeyAccess}); then the first matching handler answers. */
  @Override
  public CommandHandlerWithReply<KeyMessage, KeyEvent, KeyEntityState> commandHandler() {
    CommandHandlerWithReply<KeyMessage, KeyEvent, KeyEntityState> handlers = HANDLERS.over(scope);
    return (state, message) -> {
      if (message instanceof KeyLease lease) {
        return leaseMessage(state, lease);
      }
      // Other nodes may serve the key on lease: they drop it before anything that may change it.
      if (scope.leases.mustRevokeBefore(message)) {
        scope.leases.revoke();
        return Effect().stash();
      }
      // A new incarnation's change waits out the leases an earlier one may have granted.
      if (scope.leases.holdsBack(message)) {
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

  /**
   * The fragments' outcomes first, then the entity's own messages, the wait for the secret, the
   * destruction of a key past its date, the state rules, the material gate (in crypto) and each
   * concern; last, what no fragment took.
   */
  private static HandlerTable handlerTable() {
    HandlerTable.Builder table = HandlerTable.builder();
    CryptoHandlers.registerOutcomes(table.fragment(CRYPTO, CryptoHandlers::new));
    CreationHandlers.registerOutcomes(table.fragment(CREATION, CreationHandlers::new));
    ReplicationHandlers.registerOutcomes(table.fragment(REPLICATION, ReplicationHandlers::new));
    ImportHandlers.registerOutcomes(table.fragment(IMPORT, ImportHandlers::new));
    HandlerTable.Registrar<KeyScope> entity = table.fragment(SCOPE, scope -> scope);
    entity
        .forAnyState()
        .onCommand(
            KeyInternal.Resumed.class,
            (scope, state, resumed) -> scope.effects.noReply().thenUnstashAll())
        .onCommand(
            KeyInternal.ScheduleWriteFailed.class,
            (scope, state, failed) -> {
              scope.timers.startSingleTimer(
                  "schedule-retry", new KeyInternal.ScheduleRetry(), scope.scheduleWriteFailed());
              return scope.effects.noReply();
            })
        .onCommand(
            KeyInternal.ScheduleRetry.class,
            (scope, state, retry) -> {
              scope.ensureSchedule(state);
              return scope.effects.noReply();
            })
        .onCommand(KeyInternal.class, (scope, state, message) -> scope.effects.noReply());
    // While the secret is on its way, everything waits, in order.
    entity
        .forState((scope, state) -> scope.busy())
        .onCommand(message -> true, (scope, state, message) -> scope.effects.stash());
    DeletionHandlers.registerDestruction(table.fragment(DELETION, DeletionHandlers::new));
    KeyStateRules.register(table.fragment(STATE_RULES, KeyStateRules::new));
    CryptoHandlers.register(table.fragment(CRYPTO, CryptoHandlers::new));
    CreationHandlers.register(table.fragment(CREATION, CreationHandlers::new));
    LifecycleHandlers.register(table.fragment(LIFECYCLE, LifecycleHandlers::new));
    AdministrationHandlers.register(table.fragment(ADMINISTRATION, AdministrationHandlers::new));
    DeletionHandlers.register(table.fragment(DELETION, DeletionHandlers::new));
    RotationHandlers.register(table.fragment(ROTATION, RotationHandlers::new));
    ReplicationHandlers.register(table.fragment(REPLICATION, ReplicationHandlers::new));
    ZoneRetirementHandlers.register(table.fragment(ZONE_RETIREMENT, ZoneRetirementHandlers::new));
    ReplicaRepairHandlers.register(table.fragment(REPLICA_REPAIR, ReplicaRepairHandlers::new));
    ImportHandlers.register(table.fragment(IMPORT, ImportHandlers::new));
    GrantHandlers.register(table.fragment(GRANTS, GrantHandlers::new));
    entity.forStateType(Absent.class).onCommand(message -> true, KeyEntity::unknownKey);
    entity.forStateType(Destroyed.class).onCommand(message -> true, KeyEntity::unknownKey);
    // A tick nothing was due for: the row that caused it is stale.
    entity
        .forStateType(Live.class)
        .onCommand(
            KeyTick.class,
            (scope, state, tick) -> {
              scope.ensureSchedule(state);
              return scope.effects.noReply();
            });
    return table.build();
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
  private static org.apache.pekko.persistence.typed.javadsl.ReplyEffect<KeyEvent, KeyEntityState>
      unknownKey(KeyScope scope, KeyEntityState state, KeyMessage message) {
    return scope.reject(message, scope.rejections.notFound(message, scope.keyId));
  }

  @Override
  public EventHandler<KeyEntityState, KeyEvent> eventHandler() {
    EventHandler<KeyEntityState, KeyEvent> handler = KeyEventHandler.forZone(scope.ctx.zone());
    // Pekko applies an event before writing it, so the key is withdrawn before any change is
    // acknowledged.
    return (state, event) -> {
      scope.resident.withdraw();
      return handler.apply(state, event);
    };
  }
}
