package com.verenc.kms.node.key;

import com.verenc.kms.node.key.KeyCommand.ApplyReplica;
import com.verenc.kms.node.key.KeyCommand.CancelDeletion;
import com.verenc.kms.node.key.KeyCommand.ScheduleDeletion;
import com.verenc.kms.node.key.KeyEntityState.Destroyed;
import com.verenc.kms.node.key.KeyEntityState.Live;
import com.verenc.kms.protocol.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * Scheduling and cancelling a deletion, and crypto-shredding: a key past its deletion date is
 * destroyed by whatever message reaches it first, its secret erased so its material is gone.
 */
final class DeletionHandlers extends KeyHandlers {

  DeletionHandlers(KeyScope scope) {
    super(scope);
  }

  /**
   * A key past its deletion date is destroyed, except a primary whose replicas have not all
   * acknowledged the deletion yet: destroying it first would leave them alive and unmanageable.
   */
  static boolean pastDeletionDate(KeyEntityState state, Instant now, String zone) {
    if (!(state instanceof Live live)
        || !live.key().pendingDeletion()
        || !live.key().deletion().isDue(now)) {
      return false;
    }
    return live.key().replication() == null
        || live.key().replication().pendingZones(zone).isEmpty();
  }

  /**
   * Registered before every other handler of a live key: nothing is served past the deletion date.
   */
  static void registerDestruction(HandlerTable.Registrar<DeletionHandlers> builder) {
    builder
        .forState((scope, state) -> pastDeletionDate(state, scope.now(), scope.ctx.zone()))
        .onCommand(message -> true, DeletionHandlers::destroyNow);
  }

  static void register(HandlerTable.Registrar<DeletionHandlers> builder) {
    builder
        .forStateType(Live.class)
        .onCommand(ScheduleDeletion.class, DeletionHandlers::schedule)
        .onCommand(CancelDeletion.class, DeletionHandlers::cancel)
        .onCommand(
            message -> message == KeyTick.DESTROY_IF_DUE,
            (h, state, tick) -> {
              // Not due (a key past its date was destroyed before this): the row that caused the
              // tick is stale.
              h.scope.ensureSchedule(state);
              return h.effect().noReply();
            });
    builder
        .forStateType(Destroyed.class)
        // The secret erase may have failed after the Destroyed event was persisted: retry it.
        .onCommand(
            message -> message == KeyTick.DESTROY_IF_DUE,
            (h, state, tick) -> {
              h.scope.shred(state.accountId());
              return h.effect().noReply();
            })
        // Nothing to apply: the key is gone here too. Acknowledge so the pusher stops.
        .onCommand(
            ApplyReplica.class,
            (h, state, cmd) ->
                h.reply(cmd, new KeyAnswer.ReplicaAck(h.scope.ctx.zone(), cmd.state().version())));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> schedule(Live state, ScheduleDeletion cmd) {
    Instant now = scope.now();
    Instant deletionDate = now.plus(Duration.ofDays(cmd.pendingWindowInDays()));
    return persistTracked(
            new KeyEvent.DeletionScheduled(now, deletionDate, cmd.pendingWindowInDays()))
        .thenReply(cmd.replyTo(), s -> KeyReply.ok(scope.metadata(key(s))));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> cancel(Live state, CancelDeletion cmd) {
    KeyRecord key = state.key();
    if (!key.pendingDeletion()) {
      return reject(
          cmd,
          new Rejection(
              ErrorCode.INVALID_STATE, rejections.arn(key) + " is not pending deletion."));
    }
    if (key.deletion().isDue(scope.now())) {
      // Only replica zones yet to learn of the deletion keep the key: it is destroyed once they
      // have.
      return reject(
          cmd,
          new Rejection(
              ErrorCode.INVALID_STATE,
              rejections.arn(key)
                  + " reached its deletion date "
                  + key.deletion().deletionDate()
                  + "; its deletion can no longer be cancelled."));
    }
    return persistTracked(new KeyEvent.DeletionCancelled(scope.now()))
        .thenReply(cmd.replyTo(), s -> KeyReply.ok(scope.done(key)));
  }

  /** Whatever was asked, a key past its deletion date is destroyed before anything else. */
  private ReplyEffect<KeyEvent, KeyEntityState> destroyNow(
      KeyEntityState state, KeyMessage message) {
    KeyRecord key = key(state);
    EffectBuilder<KeyEvent, KeyEntityState> destroy =
        effect()
            .persist(new KeyEvent.Destroyed(scope.now()))
            .thenRun(
                s -> {
                  scope.shred(key.accountId());
                  scope
                      .actor
                      .getLog()
                      .info("Key {} reached its deletion date and was destroyed", scope.keyId);
                });
    return message instanceof KeyCommand<?> command
        ? refuse(destroy, command, rejections.notFound(command, scope.keyId))
        : destroy.thenNoReply();
  }

  private static <A extends KeyAnswer> ReplyEffect<KeyEvent, KeyEntityState> refuse(
      EffectBuilder<KeyEvent, KeyEntityState> effect, KeyCommand<A> command, Rejection rejection) {
    return effect.thenReply(command.replyTo(), s -> rejection.reply());
  }
}
