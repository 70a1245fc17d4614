package com.verenc.kms.node.key;

import static com.verenc.kms.node.key.KeyEntityFixture.ACCOUNT;
import static com.verenc.kms.node.key.KeyEntityFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.key.KeyAnswer.ZoneRetirement.Standing;
import com.verenc.kms.node.replication.ReplicaSeed;
import com.verenc.kms.node.replication.Replication;
import com.verenc.kms.protocol.model.KeyMetadata;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A key told that a zone is being retired: it says where the zone stands in its multi-zone set;
 * applied, a replica zone leaves the set for good (no pushes there, DescribeKey no longer lists it,
 * the remaining replicas learn of it), while a key whose primary is there keeps it.
 */
class ZoneRetirementBehaviourTest {
  private static final ActorTestKit testKit = ActorTestKit.create(KeyEntityFixture.CONFIG);

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static Standing retire(KeyEntityFixture key, String zone, boolean apply) {
    return ok(key.<KeyAnswer.ZoneRetirement>ask(
            replyTo -> new KeyCommand.RetireZone(zone, apply, replyTo)))
        .standing();
  }

  /** A primary in zone-a with replicas in zone-b and in zone-c, which no longer answers. */
  private static KeyEntityFixture primaryWithALostReplicaZone(String keyId) {
    KeyEntityFixture primary = new KeyEntityFixture(testKit, "zone-a", keyId);
    primary.transport.failNext("zone-c", Integer.MAX_VALUE);
    primary.create(true);
    for (String zone : List.of("zone-b", "zone-c")) {
      ok(
          primary.<KeyAnswer.ReplicaCreated>ask(
              replyTo -> new KeyCommand.Replicate(ACCOUNT, zone, null, null, Map.of(), replyTo)));
    }
    primary.awaitPush("zone-c", push -> true);
    return primary;
  }

  @Test
  void aReplicaZoneIsReportedWithoutChangeUnlessApplied() {
    KeyEntityFixture primary = primaryWithALostReplicaZone("mrk-retire-dry");
    int version = primary.live().replication().version();
    var result =
        primary.kit.<KeyReply<KeyAnswer.ZoneRetirement>>runCommand(
            replyTo -> new KeyCommand.RetireZone("zone-c", false, replyTo));
    assertEquals(Standing.REPLICA, ok(result.reply()).standing());
    assertTrue(result.hasNoEvents(), "nothing persisted: " + result.events());
    assertEquals(List.of("zone-b", "zone-c"), primary.live().replication().replicaZones());
    assertEquals(version, primary.live().replication().version());
  }

  @Test
  void aRetiredReplicaZoneLeavesTheSetForGoodAndTheOthersLearnIt() {
    KeyEntityFixture primary = primaryWithALostReplicaZone("mrk-retire-apply");
    int before = primary.live().replication().version();
    assertTrue(primary.live().replication().pendingZones("zone-a").contains("zone-c"));
    assertNotNull(primary.scheduleRow().nextPush(), "a push to zone-c is due");

    assertEquals(Standing.REMOVED, retire(primary, "zone-c", true));

    Replication after = primary.live().replication();
    assertEquals(List.of("zone-b"), after.replicaZones());
    assertEquals(before + 1, after.version(), "the remaining replicas get the smaller set");
    var push = primary.awaitPush("zone-b", p -> p.state().version() == before + 1);
    assertEquals(List.of("zone-b"), push.state().zones());
    primary.awaitReplicasAcknowledged();
    KeyEntityFixture.await(
        "no push due any more: zone-c is not waited for",
        () -> primary.scheduleRow().nextPush() == null);
    int pushesToC = primary.transport.to("zone-c").size();
    KeyMetadata metadata = primary.describe().metadata();
    assertEquals(
        List.of("zone-b"),
        metadata.multiRegionConfiguration().replicaKeys().stream().map(r -> r.region()).toList());

    primary.kit.restart();
    assertEquals(List.of("zone-b"), primary.live().replication().replicaZones(), "recovered");
    assertEquals(
        Standing.ABSENT, retire(primary, "zone-c", true), "retiring again changes nothing");
    assertEquals(pushesToC, primary.transport.to("zone-c").size(), "never pushed to zone-c again");
  }

  @Test
  void aKeyWhosePrimaryIsInTheZoneKeepsIt() {
    KeyEntityFixture primary = primaryWithALostReplicaZone("mrk-retire-primary");
    KeyEntityFixture replica = new KeyEntityFixture(testKit, "zone-b", "mrk-retire-primary");
    var push = primary.awaitPush("zone-b", p -> true);
    ok(
        replica.<KeyAnswer.ReplicaAck>ask(
            replyTo ->
                new KeyCommand.ApplyReplica(
                    push.state(), new ReplicaSeed(null, null, null), replyTo)));

    var result =
        replica.kit.<KeyReply<KeyAnswer.ZoneRetirement>>runCommand(
            replyTo -> new KeyCommand.RetireZone("zone-a", true, replyTo));
    assertEquals(Standing.PRIMARY, ok(result.reply()).standing());
    assertTrue(result.hasNoEvents(), "nothing persisted: " + result.events());
    assertEquals("zone-a", replica.live().replication().primaryZone());

    // The replica leaves a retired replica zone out of its own view too.
    assertEquals(Standing.REMOVED, retire(replica, "zone-c", true));
    assertEquals(List.of("zone-b"), replica.live().replication().replicaZones());
  }

  @Test
  void aSingleZoneKeyOrAZoneOutsideTheSetIsNotConcerned() {
    KeyEntityFixture single = new KeyEntityFixture(testKit, "zone-a", "k-retire-single");
    single.create(false);
    assertEquals(Standing.ABSENT, retire(single, "zone-c", true));
    KeyEntityFixture primary = primaryWithALostReplicaZone("mrk-retire-other");
    assertEquals(Standing.ABSENT, retire(primary, "zone-d", true));
    assertEquals(List.of("zone-b", "zone-c"), primary.live().replication().replicaZones());
  }
}
