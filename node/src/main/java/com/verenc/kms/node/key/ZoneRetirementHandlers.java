package com.verenc.kms.node.key;

import com.verenc.kms.node.key.KeyAnswer.ZoneRetirement.Standing;
import com.verenc.kms.node.key.KeyCommand.RetireZone;
import com.verenc.kms.node.key.KeyEntityState.Live;
import com.verenc.kms.node.replication.Replication;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * An operator retiring a zone (kms zone retire): the key says where the zone stands in its
 * multi-zone set and, when asked to apply, leaves a replica zone out of the set. A key whose
 * primary is in the zone keeps it: the retirement is refused until the primary has moved.
 */
final class ZoneRetirementHandlers extends KeyHandlers {

  ZoneRetirementHandlers(KeyScope scope) {
    super(scope);
  }

  static void register(HandlerTable.Registrar<ZoneRetirementHandlers> builder) {
    builder.forStateType(Live.class).onCommand(RetireZone.class, ZoneRetirementHandlers::retire);
  }

  private ReplyEffect<KeyEvent, KeyEntityState> retire(Live state, RetireZone cmd) {
    Replication replication = state.key().replication();
    if (replication == null) {
      return reply(cmd, new KeyAnswer.ZoneRetirement(Standing.ABSENT));
    }
    if (replication.primaryZone().equals(cmd.zone())) {
      return reply(cmd, new KeyAnswer.ZoneRetirement(Standing.PRIMARY));
    }
    if (!replication.replicaZones().contains(cmd.zone())) {
      return reply(cmd, new KeyAnswer.ZoneRetirement(Standing.ABSENT));
    }
    if (!cmd.apply()) {
      return reply(cmd, new KeyAnswer.ZoneRetirement(Standing.REPLICA));
    }
    return persistTracked(new KeyEvent.ZoneRetired(scope.now(), cmd.zone()))
        .thenReply(cmd.replyTo(), s -> KeyReply.ok(new KeyAnswer.ZoneRetirement(Standing.REMOVED)));
  }
}
