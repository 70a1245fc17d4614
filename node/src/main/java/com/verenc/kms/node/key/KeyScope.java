package com.verenc.kms.node.key;

import com.verenc.kms.node.async.Failures;
import com.verenc.kms.node.grant.Grant;
import com.verenc.kms.node.key.KeyEntityState.Live;
import com.verenc.kms.node.replication.ReplicaPushes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.slf4j.Logger;

/**
 * What the handler fragments of one key entity share: the key's names, the node's context, the
 * entity's actor, timers and effects, and the entity-local state that is not persisted (material,
 * pushes on the way, background database work, the resident publication). Used only from the
 * entity's thread.
 */
final class KeyScope {
  private static final Duration FIRST_PUSH_BACKOFF = Duration.ofMillis(200);
  private static final Duration FIRST_SCHEDULE_RETRY = Duration.ofSeconds(1);

  final String keyId;
  final String persistenceId;
  final KeyEntityContext ctx;
  final ActorContext<KeyMessage> actor;
  final TimerScheduler<KeyMessage> timers;
  final EffectFactories<KeyEvent, KeyEntityState> effects;
  final KeyMaterials materials = new KeyMaterials();

  /** Created by the first push: most keys are single-zone and never push (six maps each). */
  private ReplicaPushes pushes;

  final BackgroundIo io;
  final SharedVersionSync versions;
  final Rejections rejections;
  final KeyPolicyView policy;
  final ResidentPublisher resident;
  final LeaseLedger leases;
  private final Logger log;
  private final ActorRef<KeyMessage> self;

  /** The key's journal position, stamped on its schedule-row writes. */
  private final LongSupplier sequenceNr;

  /** A command creating the key is waiting on its secret: everything else waits too. */
  private boolean creating;

  /** How long to wait before writing the schedule row again after a failed write. */
  private Duration scheduleRetryDelay = FIRST_SCHEDULE_RETRY;

  /**
   * The grant that allowed the message being handled, set by {@link KeyAccess} before every
   * message: its answer names the grant for the audit record. No other message is handled before
   * the answer is sent (Pekko holds commands back while events are written).
   */
  private String allowingGrant;

  KeyScope(
      String keyId,
      String persistenceId,
      KeyEntityContext ctx,
      ActorContext<KeyMessage> actor,
      TimerScheduler<KeyMessage> timers,
      EffectFactories<KeyEvent, KeyEntityState> effects,
      ResidentKeys residentKeys,
      LongSupplier sequenceNr) {
    this.keyId = keyId;
    this.persistenceId = persistenceId;
    this.ctx = ctx;
    this.actor = actor;
    this.timers = timers;
    this.effects = effects;
    this.io = new BackgroundIo(ctx.blockingIo(), actor.getLog(), keyId);
    this.versions = new SharedVersionSync(keyId, ctx.zone(), ctx.versions(), io);
    this.rejections = new Rejections(ctx.arns(), ctx.zone());
    this.policy = new KeyPolicyView(keyId, ctx.arns());
    this.resident = new ResidentPublisher(keyId, residentKeys, policy, rejections);
    this.leases =
        new LeaseLedger(
            keyId, ZoneLeases.get(actor.getSystem()), actor, timers, resident, rejections);
    this.sequenceNr = sequenceNr;
    this.log = actor.getLog();
    this.self = actor.getSelf();
  }

  /**
   * Forgets what the entity held besides its state, when it restarts after a journal failure: its
   * timers are gone and outcomes of earlier work may never arrive.
   */
  void reset() {
    creating = false;
    leases.reset();
    resident.withdraw();
    materials.forget();
    if (pushes != null) {
      pushes.reset();
    }
  }

  /** The entity stops: what it held in memory and told the node goes. */
  void stopped() {
    resident.withdraw();
    materials.forget();
    if (pushes != null) {
      pushes.forget();
    }
  }

  /** The key's pushes to its replica zones. */
  ReplicaPushes pushes() {
    if (pushes == null) {
      pushes =
          new ReplicaPushes(
              keyId,
              ctx.clock(),
              FIRST_PUSH_BACKOFF,
              ctx.maxPushBackoff(),
              ctx.replicationLag(),
              ctx.unacknowledgedPushes());
    }
    return pushes;
  }

  Instant now() {
    return ctx.clock().instant();
  }

  /**
   * Whether the entity waits for its secret or for the zone's nodes to drop their leases on the
   * key: commands are stashed until then.
   */
  boolean busy() {
    return creating || materials.loading() || leases.revoking();
  }

  void creating(boolean value) {
    creating = value;
  }

  <A extends KeyAnswer> ReplyEffect<KeyEvent, KeyEntityState> reply(
      KeyCommand<A> command, A answer) {
    return effects.reply(command.replyTo(), KeyReply.ok(answer, allowingGrant));
  }

  /**
   * The grant that allowed the message being handled; null when a policy did, or none was asked.
   */
  String allowingGrant() {
    return allowingGrant;
  }

  void allowingGrant(String grantId) {
    allowingGrant = grantId;
  }

  /** Refuses a command; a message nobody waits for is dropped. */
  ReplyEffect<KeyEvent, KeyEntityState> reject(KeyMessage message, Rejection rejection) {
    return message instanceof KeyCommand<?> command
        ? refuse(command, rejection)
        : effects.noReply();
  }

  private <A extends KeyAnswer> ReplyEffect<KeyEvent, KeyEntityState> refuse(
      KeyCommand<A> command, Rejection why) {
    return effects.reply(command.replyTo(), why.reply());
  }

  KeyAnswer.Metadata metadata(KeyRecord key) {
    return new KeyAnswer.Metadata(KeyMetadataView.of(key, ctx.arns(), now()));
  }

  KeyAnswer.Done done(KeyRecord key) {
    return new KeyAnswer.Done(rejections.arn(key));
  }

  /**
   * Keeps the zone's schedule index in step with a live key's dates, after the event that changed
   * them. A destroyed key's row is cleared only once its secret is erased (see {@link #shred}).
   */
  void syncSchedule(KeyEntityState state) {
    scheduleRetryDelay = FIRST_SCHEDULE_RETRY;
    writeSchedule(state, false);
  }

  /**
   * On recovery the row is usually right already; only a crash between event and row leaves it
   * stale. Also after a failed write, and when a sweeper's tick finds nothing due.
   */
  void ensureSchedule(KeyEntityState state) {
    writeSchedule(state, true);
  }

  /** Keeps the zone's shared-version index in step, after an event that may have changed it. */
  void syncVersions(KeyEntityState state) {
    versions.sync(state, sequenceNr.getAsLong());
  }

  /** Checks the key's rows of the shared-version index (on recovery, or when in doubt). */
  void ensureVersions(KeyEntityState state) {
    versions.ensure(state, sequenceNr.getAsLong());
  }

  /** The write failed: it is made again, from the state of the time, after a growing pause. */
  Duration scheduleWriteFailed() {
    Duration wait = scheduleRetryDelay;
    Duration doubled = wait.multipliedBy(2);
    scheduleRetryDelay =
        doubled.compareTo(ctx.maxPushBackoff()) > 0 ? ctx.maxPushBackoff() : doubled;
    return wait;
  }

  private void writeSchedule(KeyEntityState state, boolean readFirst) {
    if (!(state instanceof Live live)) {
      return;
    }
    ScheduleDates row = ScheduleDates.of(live.key(), ctx.zone());
    long seqNr = sequenceNr.getAsLong();
    ScheduleIndex index = ctx.schedule();
    io.call(
            () -> {
              if (readFirst) {
                index.ensure(persistenceId, seqNr, row);
              } else {
                index.record(persistenceId, seqNr, row);
              }
              return null;
            })
        .whenComplete(
            (done, failure) -> {
              // Off the entity's thread: only the logger and the entity's own address may be used
              // here.
              if (failure != null) {
                log.warn(
                    "Key {}: writing its schedule row failed, to be written again: {}",
                    keyId,
                    Failures.cause(failure).getMessage());
                self.tell(new KeyInternal.ScheduleWriteFailed());
              }
            });
  }

  /**
   * Erases the key's secret, then clears its schedule row and tells the directory. If the erase
   * fails, the row stays due, so the deletion sweeper comes back until it succeeds.
   */
  void shred(String accountId) {
    materials.forget();
    io.write(
        "erasing the destroyed key's secret",
        () -> {
          ctx.secrets().erase(persistenceId);
          ctx.schedule().remove(persistenceId);
          ctx.grantIndex().removeKey(keyId);
          ctx.onDestroyed().keyDestroyed(accountId, keyId);
        });
    versions.remove();
  }

  /**
   * Lists a persisted grant that has a retiring principal in the zone's grant index. A write that
   * fails is logged; the key's next recovery repairs its rows ({@link #repairGrantIndex}).
   */
  void indexGrant(String accountId, Grant grant) {
    if (grant.retiringPrincipal() != null) {
      io.write(
          "listing grant " + grant.grantId() + " in the grant index",
          () -> ctx.grantIndex().add(accountId, keyId, grant));
    }
  }

  /** Forgets a retired or revoked grant in the zone's grant index. */
  void unindexGrant(Grant grant) {
    if (grant.retiringPrincipal() != null) {
      io.write(
          "removing grant " + grant.grantId() + " from the grant index",
          () -> ctx.grantIndex().remove(keyId, grant.grantId()));
    }
  }

  /**
   * On recovery, makes the key's rows of the grant index its grants again, in case a write after an
   * event was lost; a key that never had a grant has no rows and costs nothing.
   */
  void repairGrantIndex(KeyEntityState state) {
    if (state instanceof Live live && live.key().grants().created() > 0) {
      KeyRecord key = live.key();
      io.write(
          "repairing the grant index",
          () -> ctx.grantIndex().repair(key.accountId(), keyId, key.grants().grants()));
    }
  }

  /**
   * Starts pushes of the key's shared state to the zones lacking its current version (see {@link
   * ReplicaPushes}); the secret travels as stored, wrapped under the master key every zone shares,
   * and is read off the entity's thread.
   */
  void startPushes(KeyEntityState state) {
    if (state instanceof Live live && live.key().replication() != null) {
      List<String> zones = pushes().startable(live.key().replication(), ctx.zone());
      if (!zones.isEmpty()) {
        actor.pipeToSelf(
            io.call(() -> ctx.secrets().exportWrapped(persistenceId)),
            (wrapped, failure) ->
                new KeyInternal.PushesReady(zones, failure == null ? wrapped : Optional.empty()));
      }
    }
  }

  /**
   * A replica tells its primary's zone which version it holds, once it has recovered: after a
   * restart, a restore from backup or a move to another node, the primary's record of what this
   * zone acknowledged may no longer be true, and the primary pushes again if this zone is behind.
   */
  void reportHeldVersion(KeyEntityState state) {
    if (state instanceof Live live
        && live.key().replication() != null
        && !live.key().replication().pushing()) {
      var replication = live.key().replication();
      ctx.transport()
          .report(
              replication.primaryZone(),
              keyId,
              new KeyNotice.ReplicaHolds(ctx.zone(), replication.version()));
    }
  }
}
