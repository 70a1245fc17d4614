package com.verenc.kms.node.key;

import static com.verenc.kms.node.key.KeyEntityFixture.ACCOUNT;
import static com.verenc.kms.node.key.KeyEntityFixture.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.auth.KeyPolicies;
import com.verenc.kms.node.key.KeyAnswer.Done;
import com.verenc.kms.node.key.model.KeyManager;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.model.KeyMetadata;
import com.verenc.kms.protocol.model.KeyState;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The platform's Default Organization Key: provisioned with a replica in every other zone, usable
 * and readable by its account, and refusing every change with the platform's message.
 */
class PlatformKeyRefusalTest {
  private static final ActorTestKit testKit = ActorTestKit.create(KeyEntityFixture.CONFIG);
  private static final List<String> ZONES = List.of("zone-a", "zone-b", "zone-c");

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static KeyReply<Done> provision(KeyEntityFixture key, List<String> zones) {
    return key.<Done>ask(replyTo -> new KeyCommand.ProvisionDefault(ACCOUNT, zones, replyTo));
  }

  /**
   * A provisioned Default Organization Key in zone-a whose replica zones have all acknowledged it.
   */
  private static KeyEntityFixture provisioned(String keyId) {
    KeyEntityFixture key = new KeyEntityFixture(testKit, "zone-a", keyId);
    ok(provision(key, ZONES));
    key.awaitReplicasAcknowledged();
    return key;
  }

  /**
   * The events a command persisted, without the acknowledgements of the pushes that may follow it
   * at once.
   */
  private static List<KeyEvent> decided(List<KeyEvent> events) {
    return events.stream()
        .filter(event -> !(event instanceof KeyEvent.ReplicaAcknowledged))
        .toList();
  }

  @Test
  void provisioningCreatesTheDefaultKeyWithAReplicaInEveryOtherZone() {
    KeyEntityFixture key = new KeyEntityFixture(testKit, "zone-a", "k-default-provision");
    var result =
        key.kit.<KeyReply<Done>>runCommand(
            replyTo -> new KeyCommand.ProvisionDefault(ACCOUNT, ZONES, replyTo));
    assertEquals(key.arn(), ok(result.reply()).keyArn());

    List<KeyEvent> events = decided(result.events());
    assertEquals(3, events.size(), events::toString);
    var created = (KeyEvent.KeyCreated) events.get(0);
    assertEquals(KeyManager.AWS, created.identity().keyManager());
    assertTrue(created.identity().multiRegion());
    assertEquals("Default Organization Key", created.settings().description());
    assertEquals(KeyPolicies.defaultFor(ACCOUNT), created.settings().policy());
    assertEquals(
        List.of("zone-b", "zone-c"),
        events.subList(1, 3).stream()
            .map(event -> ((KeyEvent.ReplicaAdded) event).zone())
            .toList());
    assertTrue(key.vault.secrets.containsKey(key.persistenceId()));

    key.awaitReplicasAcknowledged();
    var withNewZone =
        key.kit.<KeyReply<Done>>runCommand(
            replyTo ->
                new KeyCommand.ProvisionDefault(
                    ACCOUNT, List.of("zone-a", "zone-b", "zone-c", "zone-d"), replyTo));
    ok(withNewZone.reply());
    List<KeyEvent> added = decided(withNewZone.events());
    assertEquals(1, added.size(), added::toString);
    assertEquals("zone-d", ((KeyEvent.ReplicaAdded) added.get(0)).zone());
    assertEquals(List.of("zone-b", "zone-c", "zone-d"), key.live().replication().replicaZones());

    key.awaitReplicasAcknowledged();
    var again =
        key.kit.<KeyReply<Done>>runCommand(
            replyTo -> new KeyCommand.ProvisionDefault(ACCOUNT, ZONES, replyTo));
    ok(again.reply());
    assertTrue(
        again.hasNoEvents(), () -> "provisioning a provisioned key persisted " + again.events());
  }

  @Test
  void everyChangeIsRefusedWithThePlatformMessage() {
    KeyEntityFixture key = provisioned("k-default-refuse");
    String platform =
        key.arn()
            + " is the Default Organization Key, managed by the platform: it is always enabled, "
            + "rotated yearly by the platform, present in every zone and never deleted, and its policy and tags cannot "
            + "be changed. Use a key you create for anything else.";
    ErrorCode unsupported = ErrorCode.UNSUPPORTED_OPERATION;

    assertEquals(
        platform, key.<Done>refusal(unsupported, r -> new KeyCommand.RotateOnDemand(ACCOUNT, r)));
    assertEquals(
        platform,
        key.<Done>refusal(unsupported, r -> new KeyCommand.EnableRotation(ACCOUNT, 90, r)));
    assertEquals(
        platform, key.<Done>refusal(unsupported, r -> new KeyCommand.DisableRotation(ACCOUNT, r)));
    assertEquals(platform, key.<Done>refusal(unsupported, r -> new KeyCommand.Disable(ACCOUNT, r)));
    assertEquals(
        platform,
        key.<KeyAnswer.Metadata>refusal(
            unsupported, r -> new KeyCommand.ScheduleDeletion(ACCOUNT, 7, r)));
    assertEquals(
        platform, key.<Done>refusal(unsupported, r -> new KeyCommand.CancelDeletion(ACCOUNT, r)));
    assertEquals(
        platform,
        key.<Done>refusal(
            unsupported, r -> new KeyCommand.PutPolicy(ACCOUNT, key.policy(), false, r)));
    assertEquals(
        platform,
        key.<KeyAnswer.ReplicaCreated>refusal(
            unsupported, r -> new KeyCommand.Replicate(ACCOUNT, "zone-e", null, null, null, r)));
    assertEquals(
        platform,
        key.<Done>refusal(unsupported, r -> new KeyCommand.UpdatePrimary(ACCOUNT, "zone-b", r)));
    assertEquals(
        platform,
        key.<Done>refusal(unsupported, r -> new KeyCommand.Tag(ACCOUNT, Map.of("a", "b"), r)));
    assertEquals(
        platform,
        key.<Done>refusal(unsupported, r -> new KeyCommand.Untag(ACCOUNT, List.of("a"), r)));
    assertEquals(
        platform,
        key.<Done>refusal(
            unsupported, r -> new KeyCommand.UpdateDescription(ACCOUNT, "mine now", r)));

    KeyRecord after = key.live();
    assertTrue(after.enabled());
    assertEquals("zone-a", after.replication().primaryZone());
    assertEquals(1, after.materials().versions().size());
  }

  @Test
  void itsAccountCanReadAndUseIt() {
    KeyEntityFixture key = provisioned("k-default-use");
    KeyMetadata metadata = key.describe().metadata();
    assertEquals("AWS", metadata.keyManager());
    assertEquals("Default Organization Key", metadata.description());
    assertEquals(KeyState.ENABLED, metadata.keyState());
    assertTrue(metadata.multiRegion());

    byte[] blob = key.encrypt("platform").blob();
    assertArrayEquals("platform".getBytes(), ok(key.decrypt(blob)).plaintext());
    assertEquals(
        Map.of(), ok(key.<KeyAnswer.Tags>ask(r -> new KeyCommand.ListTags(ACCOUNT, r))).tags());
    assertEquals(
        KeyPolicies.defaultFor(ACCOUNT),
        ok(key.<KeyAnswer.Policy>ask(r -> new KeyCommand.GetPolicy(ACCOUNT, r))).policy());
  }
}
