package com.verenc.kms.node.key;

import com.verenc.kms.node.auth.KeyPolicies;
import com.verenc.kms.node.key.KeyCommand.ApplyReplica;
import com.verenc.kms.node.key.KeyCommand.Replicate;
import com.verenc.kms.node.key.KeyCommand.UpdatePrimary;
import com.verenc.kms.node.key.KeyEntityState.Absent;
import com.verenc.kms.node.key.KeyEntityState.Live;
import com.verenc.kms.node.key.KeyInternal.PushResult;
import com.verenc.kms.node.key.KeyInternal.PushRetry;
import com.verenc.kms.node.key.KeyInternal.PushesReady;
import com.verenc.kms.node.key.KeyInternal.SecretImported;
import com.verenc.kms.node.replication.ReplicaSeed;
import com.verenc.kms.node.replication.Replication;
import com.verenc.kms.node.replication.SharedState;
import com.verenc.kms.protocol.ErrorCode;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * A multi-zone key's set: ReplicateKey and UpdatePrimaryRegion on the primary, the pushes of its
 * shared state to the other zones (with a back-off per zone that a timer ends), and, in a replica
 * zone, taking the pushed state, creating the replica on first contact.
 */
final class ReplicationHandlers extends KeyHandlers {

  ReplicationHandlers(KeyScope scope) {
    super(scope);
  }

  static void registerOutcomes(HandlerTable.Registrar<ReplicationHandlers> builder) {
    builder
        .forStateType(Absent.class)
        .onCommand(SecretImported.class, ReplicationHandlers::secretImported);
    builder
        .forStateType(Live.class)
        .onCommand(PushesReady.class, ReplicationHandlers::pushesReady)
        .onCommand(PushResult.class, ReplicationHandlers::pushResult)
        .onCommand(
            PushRetry.class,
            (h, state, retry) -> {
              h.scope.pushes().retry(retry.zone());
              h.scope.startPushes(state);
              return h.effect().noReply();
            });
  }

  static void register(HandlerTable.Registrar<ReplicationHandlers> builder) {
    builder
        .forStateType(Absent.class)
        .onCommand(ApplyReplica.class, ReplicationHandlers::createReplica);
    builder
        .forStateType(Live.class)
        .onCommand(Replicate.class, ReplicationHandlers::replicate)
        .onCommand(UpdatePrimary.class, ReplicationHandlers::updatePrimary)
        .onCommand(ApplyReplica.class, ReplicationHandlers::applyReplica)
        .onCommand(
            message -> message == KeyTick.PUSH_PENDING,
            (h, state, tick) -> {
              h.scope.startPushes(state);
              h.scope.ensureSchedule(state);
              return h.effect().noReply();
            });
  }

  private ReplyEffect<KeyEvent, KeyEntityState> replicate(Live state, Replicate cmd) {
    KeyRecord key = state.key();
    if (cmd.zone().equals(scope.ctx.zone())) {
      return reject(
          cmd,
          new Rejection(
              ErrorCode.VALIDATION,
              "ReplicaRegion "
                  + cmd.zone()
                  + " is the primary key's own zone; choose another zone."));
    }
    if (key.replication().replicaZones().contains(cmd.zone())) {
      return reject(
          cmd,
          new Rejection(
              ErrorCode.ALREADY_EXISTS,
              rejections.arn(key) + " already has a replica in " + cmd.zone() + "."));
    }
    KeySettings own = key.settings();
    String policy = cmd.policy() == null ? own.policy() : cmd.policy();
    Map<String, String> tags = cmd.tags() == null || cmd.tags().isEmpty() ? own.tags() : cmd.tags();
    String description = cmd.description() == null ? own.description() : cmd.description();
    return persistTracked(
            new KeyEvent.ReplicaAdded(
                scope.now(), cmd.zone(), new ReplicaSeed(description, policy, tags)))
        .thenReply(
            cmd.replyTo(),
            s ->
                KeyReply.ok(
                    new KeyAnswer.ReplicaCreated(
                        KeyMetadataView.replicaPreview(
                            key(s), cmd.zone(), description, scope.ctx.arns()),
                        policy,
                        tags)));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> updatePrimary(Live state, UpdatePrimary cmd) {
    KeyRecord key = state.key();
    if (!key.replication().replicaZones().contains(cmd.zone())) {
      return reject(
          cmd,
          new Rejection(
              ErrorCode.VALIDATION,
              rejections.arn(key)
                  + " has no replica in "
                  + cmd.zone()
                  + "; replicate it there first (ReplicateKey), then move the primary."));
    }
    return persistTracked(new KeyEvent.PrimaryMoved(scope.now(), cmd.zone()))
        .thenReply(cmd.replyTo(), s -> KeyReply.ok(scope.done(key)));
  }

  /**
   * First contact from the primary: store the key's secret in this zone, then become its replica.
   */
  private ReplyEffect<KeyEvent, KeyEntityState> createReplica(Absent state, ApplyReplica cmd) {
    SharedState shared = cmd.state();
    if (!scope.keyId.equals(shared.keyId()) || shared.secretWrappedUnderMasterKey() == null) {
      return reply(cmd, ack(-1));
    }
    // The secret goes in first: a replica event without its secret would be a key nobody can use.
    scope.creating(true);
    scope.actor.pipeToSelf(
        scope.io.call(
            () -> {
              scope
                  .ctx
                  .secrets()
                  .importWrapped(scope.persistenceId, shared.secretWrappedUnderMasterKey());
              return true;
            }),
        (stored, failure) -> new SecretImported(cmd, shared.withoutSecret(), failure == null));
    return effect().noReply();
  }

  private ReplyEffect<KeyEvent, KeyEntityState> secretImported(
      Absent state, SecretImported imported) {
    scope.creating(false);
    ApplyReplica cmd = imported.creating();
    if (!imported.stored()) {
      return reply(cmd, ack(-1)).thenUnstashAll();
    }
    SharedState shared = imported.state();
    ReplicaSeed seed = cmd.seed();
    KeySettings settings =
        new KeySettings(
            true,
            seed == null ? null : seed.description(),
            seed == null ? null : seed.tags(),
            seed == null || seed.policy() == null
                ? KeyPolicies.defaultFor(shared.accountId())
                : seed.policy());
    return persistTracked(new KeyEvent.ReplicaCreated(scope.now(), shared, settings))
        .thenRun(
            s -> {
              scope.ctx.onKeyPresent().keyPresent(shared.accountId(), scope.keyId);
              scope
                  .actor
                  .getLog()
                  .info(
                      "Replica of {} created in {} at shared version {}",
                      scope.keyId,
                      scope.ctx.zone(),
                      shared.version());
            })
        .thenReply(cmd.replyTo(), s -> KeyReply.ok(ack(shared.version())))
        .thenUnstashAll();
  }

  /**
   * Newer shared versions are taken, older or equal ones only acknowledged: order-proof and
   * idempotent.
   */
  private ReplyEffect<KeyEvent, KeyEntityState> applyReplica(Live state, ApplyReplica cmd) {
    KeyRecord key = state.key();
    SharedState shared = cmd.state();
    if (key.replication() == null || !key.accountId().equals(shared.accountId())) {
      return reply(cmd, ack(-1));
    }
    if (shared.version() <= key.replication().version()) {
      // A primary pushing what this zone already holds thinks it holds less: if the primary read
      // that from this zone's index, the index may be stale.
      scope.ensureVersions(state);
      return reply(cmd, ack(key.replication().version()));
    }
    return persistTracked(new KeyEvent.SharedStateApplied(shared.withoutSecret()))
        .thenReply(cmd.replyTo(), s -> KeyReply.ok(ack(shared.version())));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> pushesReady(Live state, PushesReady ready) {
    Replication replication = state.key().replication();
    if (replication == null) {
      return effect().noReply();
    }
    if (ready.wrappedSecret().isEmpty()) {
      ready.zones().forEach(this::backOff);
      return effect().noReply();
    }
    SharedState shared = state.key().shared(ready.wrappedSecret().get());
    for (String zone : ready.zones()) {
      scope.actor.pipeToSelf(
          scope.ctx.transport().push(zone, shared, seedFor(replication, zone)),
          (version, failure) -> new PushResult(zone, failure == null ? version : -1));
    }
    return effect().noReply();
  }

  private ReplyEffect<KeyEvent, KeyEntityState> pushResult(Live state, PushResult result) {
    Replication replication = state.key().replication();
    if (replication == null) {
      return effect().noReply();
    }
    if (result.ackedVersion() < 0) {
      backOff(result.zone());
      return effect().noReply();
    }
    if (!scope.pushes().acknowledged(result.zone(), result.ackedVersion(), replication)) {
      scope.startPushes(state);
      return effect().noReply();
    }
    // The zone's answer is what it holds: usually more than it had acknowledged, below it only when
    // it lost what it took (then the push goes again).
    KeyEvent recorded =
        result.ackedVersion() > replication.acknowledged(result.zone())
            ? new KeyEvent.ReplicaAcknowledged(result.zone(), result.ackedVersion())
            : new KeyEvent.ReplicaVersionReported(result.zone(), result.ackedVersion());
    return persistTracked(recorded).thenNoReply();
  }

  /**
   * The ReplicateKey settings a push carries: while the zone has acknowledged nothing, and with a
   * check, which may find the zone without its replica (its database restored from before it).
   */
  private ReplicaSeed seedFor(Replication replication, String zone) {
    ReplicaSeed seed = replication.seedFor(zone);
    return seed == null && scope.pushes().checking(zone) ? replication.seeds().get(zone) : seed;
  }

  private void backOff(String zone) {
    Duration wait = scope.pushes().failed(zone);
    scope.timers.startSingleTimer("push-retry-" + zone, new PushRetry(zone), wait);
  }

  private KeyAnswer.ReplicaAck ack(int version) {
    return new KeyAnswer.ReplicaAck(scope.ctx.zone(), version);
  }
}
