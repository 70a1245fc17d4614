package com.verenc.kms.node.key;

import com.verenc.kms.node.key.KeyCommand.ReplicationView;
import com.verenc.kms.node.key.KeyCommand.Resync;
import com.verenc.kms.node.key.KeyEntityState.Live;
import com.verenc.kms.node.key.KeyNotice.ReplicaHolds;
import com.verenc.kms.node.replication.Replication;
import com.verenc.kms.protocol.ErrorCode;
import java.util.List;
import java.util.Map;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * Keeps a multi-zone primary's record of its replica zones true: a zone found to hold less than it
 * acknowledged (restored from a backup, told by the replica when it recovers or by the zones'
 * anti-entropy) is recorded at what it holds and pushed to again; an operator's resync pushes to
 * the zones asked whatever they acknowledged; and any zone answers what it holds (the live
 * replication status).
 */
final class ReplicaRepairHandlers extends KeyHandlers {

  ReplicaRepairHandlers(KeyScope scope) {
    super(scope);
  }

  static void register(HandlerTable.Registrar<ReplicaRepairHandlers> builder) {
    builder
        .forStateType(Live.class)
        .onCommand(ReplicaHolds.class, ReplicaRepairHandlers::replicaHolds)
        .onCommand(ReplicationView.class, ReplicaRepairHandlers::view)
        .onCommand(Resync.class, ReplicaRepairHandlers::resync);
  }

  /** The primary takes the zone's word for what it holds; only the zone's pusher acts on it. */
  private ReplyEffect<KeyEvent, KeyEntityState> replicaHolds(Live state, ReplicaHolds held) {
    Replication replication = state.key().replication();
    String zone = held.zone();
    if (replication == null
        || !replication.pushing()
        || !replication.otherZones(scope.ctx.zone()).contains(zone)) {
      return effect().noReply();
    }
    if (held.version() == null) {
      // The zone's index knows nothing of the key: a push finds out, and creates a missing replica.
      scope.pushes().check(zone);
      scope.startPushes(state);
      return effect().noReply();
    }
    int version = held.version();
    int acknowledged = replication.acknowledged(zone);
    if (version == replication.version()) {
      // The zone is in step, yet its version was worth telling: this zone's index may be stale.
      scope.ensureVersions(state);
    }
    if (version > replication.version()) {
      scope
          .actor
          .getLog()
          .warn(
              "Key {}: zone {} holds shared version {}, newer than this primary's {} in {}: was"
                  + " this zone's database restored from a backup? Pushes cannot take the zone back;"
                  + " the key's next change here pushes a version it takes only once newer than {}.",
              scope.keyId,
              zone,
              version,
              replication.version(),
              scope.ctx.zone(),
              version);
      return effect().noReply();
    }
    if (version < acknowledged) {
      scope
          .actor
          .getLog()
          .warn(
              "Key {}: zone {} holds shared version {}, below the {} it acknowledged (restored"
                  + " from a backup?): pushing version {} again",
              scope.keyId,
              zone,
              version,
              acknowledged,
              replication.version());
      return persistTracked(new KeyEvent.ReplicaVersionReported(zone, version)).thenNoReply();
    }
    if (version > acknowledged) {
      return persistTracked(new KeyEvent.ReplicaAcknowledged(zone, version)).thenNoReply();
    }
    scope.startPushes(state);
    return effect().noReply();
  }

  private ReplyEffect<KeyEvent, KeyEntityState> view(Live state, ReplicationView cmd) {
    Replication replication = state.key().replication();
    if (replication == null) {
      return reject(cmd, singleZone());
    }
    return reply(cmd, info(replication));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> resync(Live state, Resync cmd) {
    Replication replication = state.key().replication();
    if (replication == null) {
      return reject(cmd, singleZone());
    }
    String here = scope.ctx.zone();
    if (!replication.isPrimary()) {
      return reject(
          cmd,
          new Rejection(
              ErrorCode.UNSUPPORTED_OPERATION,
              scope.keyId
                  + " is a replica in zone "
                  + here
                  + "; resync it from its primary, in zone "
                  + replication.primaryZone()
                  + "."));
    }
    List<String> replicaZones = replication.otherZones(here);
    List<String> zones = cmd.zones().isEmpty() ? replicaZones : cmd.zones();
    for (String zone : zones) {
      if (!replicaZones.contains(zone)) {
        return reject(
            cmd,
            new Rejection(
                ErrorCode.VALIDATION,
                scope.keyId
                    + " has no replica in zone "
                    + zone
                    + "; its replica zones are "
                    + replicaZones
                    + "."));
      }
    }
    scope
        .actor
        .getLog()
        .info(
            "Key {}: resync asked by an operator: pushing shared version {} to {}",
            scope.keyId,
            replication.version(),
            zones);
    for (String zone : zones) {
      scope.timers.cancel("push-retry-" + zone);
      scope.pushes().check(zone);
    }
    scope.ensureVersions(state);
    scope.startPushes(state);
    return reply(cmd, info(replication));
  }

  private KeyAnswer.ReplicationInfo info(Replication replication) {
    return new KeyAnswer.ReplicationInfo(
        scope.ctx.zone(),
        replication.role(),
        replication.primaryZone(),
        replication.version(),
        replication.replicaZones(),
        replication.isPrimary() ? replication.acks() : Map.of());
  }

  private Rejection singleZone() {
    return new Rejection(
        ErrorCode.VALIDATION,
        scope.keyId
            + " is a single-zone key in zone "
            + scope.ctx.zone()
            + ": it has no replicas.");
  }
}
