package com.verenc.kms.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.crypto.CiphertextBlob;
import com.verenc.kms.node.key.KeyEntity;
import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.LimitExceededException;
import software.amazon.awssdk.services.kms.model.ListKeyRotationsResponse;
import software.amazon.awssdk.services.kms.model.RotationType;
import software.amazon.awssdk.services.kms.model.RotationsListEntry;

/**
 * Rotation through the AWS SDK: versioned material, the ten on-demand rotations a key allows, the
 * rotation period rules, and automatic rotation by the zone's sweeper as the clock moves. Each test
 * runs its own node because some move the node's clock.
 */
class KeyRotationTest {
  @TempDir Path dir;
  TestNode node;
  KmsClient kms;

  private void start(Map<String, Object> extra) {
    node = TestNode.start(TestDatabase.h2(dir), extra);
    kms = node.client();
  }

  @AfterEach
  void stop() {
    if (kms != null) {
      kms.close();
    }
    if (node != null) {
      node.close();
    }
  }

  private SdkBytes encrypt(String keyId, String text) {
    return kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String(text)))
        .ciphertextBlob();
  }

  private static int versionOf(SdkBytes blob) {
    return CiphertextBlob.decode(blob.asByteArray()).materialVersion();
  }

  private List<RotationsListEntry> rotations(String keyId) {
    return kms.listKeyRotations(b -> b.keyId(keyId)).rotations();
  }

  private static void eventually(String what, Supplier<Boolean> condition) {
    Instant deadline = Instant.now().plusSeconds(15);
    while (!condition.get()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not within 15 s: " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void elevenVersionsAllDecryptAndTheEleventhOnDemandRotationIsRefused() {
    start(Map.of());
    String keyId = kms.createKey(b -> b.description("rotating")).keyMetadata().keyId();
    List<SdkBytes> blobs = new ArrayList<>();
    blobs.add(encrypt(keyId, "version 1"));
    for (int i = 2; i <= 11; i++) {
      kms.rotateKeyOnDemand(b -> b.keyId(keyId));
      SdkBytes blob = encrypt(keyId, "version " + i);
      assertEquals(
          i, versionOf(blob), "the newest version encrypts as soon as the rotation returns");
      blobs.add(blob);
    }
    LimitExceededException e =
        assertThrows(
            LimitExceededException.class, () -> kms.rotateKeyOnDemand(b -> b.keyId(keyId)));
    assertTrue(e.awsErrorDetails().errorMessage().contains("10"), e.getMessage());

    for (int i = 0; i < blobs.size(); i++) {
      SdkBytes blob = blobs.get(i);
      assertEquals(
          "version " + (i + 1),
          kms.decrypt(b -> b.ciphertextBlob(blob)).plaintext().asUtf8String());
    }
    List<RotationsListEntry> listed = rotations(keyId);
    assertEquals(10, listed.size());
    assertTrue(listed.stream().allMatch(r -> r.rotationType() == RotationType.ON_DEMAND));
    assertTrue(listed.stream().allMatch(r -> r.keyId().endsWith(keyId)));
  }

  @Test
  void generateDataKeyAfterARotationUsesTheNewVersion() {
    start(Map.of());
    String keyId = kms.createKey(b -> b.description("dk")).keyMetadata().keyId();
    SdkBytes before = kms.generateDataKey(b -> b.keyId(keyId).keySpec("AES_256")).ciphertextBlob();
    kms.rotateKeyOnDemand(b -> b.keyId(keyId));
    var after = kms.generateDataKey(b -> b.keyId(keyId).keySpec("AES_256"));
    assertEquals(1, versionOf(before));
    assertEquals(2, versionOf(after.ciphertextBlob()));
    assertEquals(
        after.plaintext(), kms.decrypt(b -> b.ciphertextBlob(after.ciphertextBlob())).plaintext());
    assertEquals(32, kms.decrypt(b -> b.ciphertextBlob(before)).plaintext().asByteArray().length);
  }

  @Test
  void rotationIsOnByDefaultForAYearAndDescribeKeyShowsTheNextDate() throws Exception {
    start(Map.of());
    var created = kms.createKey(b -> b.description("defaults")).keyMetadata();
    GetKeyRotationStatusResponse status = kms.getKeyRotationStatus(b -> b.keyId(created.keyId()));
    assertTrue(status.keyRotationEnabled());
    assertEquals(365, status.rotationPeriodInDays());
    Instant expected = created.creationDate().plus(Duration.ofDays(365));
    assertEquals(
        expected.truncatedTo(ChronoUnit.SECONDS),
        status.nextRotationDate().truncatedTo(ChronoUnit.SECONDS));
    assertNull(status.onDemandRotationStartDate());

    HttpResponse<String> described =
        KmsTestSupport.rawPost(
            node.endpoint(),
            "TrentService.DescribeKey",
            RawAuth.signedAs("test", "test"),
            "{\"KeyId\":\"" + created.keyId() + "\"}");
    assertEquals(200, described.statusCode(), described.body());
    String epoch = Long.toString(expected.getEpochSecond());
    assertTrue(described.body().contains("\"NextRotationDate\":" + epoch), described.body());
  }

  @Test
  void thePeriodChangesOnlyByDisablingThenEnabling() {
    start(Map.of());
    String keyId = kms.createKey(b -> b.description("period")).keyMetadata().keyId();
    kms.enableKeyRotation(b -> b.keyId(keyId).rotationPeriodInDays(365));
    KmsInvalidStateException refused =
        assertThrows(
            KmsInvalidStateException.class,
            () -> kms.enableKeyRotation(b -> b.keyId(keyId).rotationPeriodInDays(90)));
    assertTrue(
        refused.awsErrorDetails().errorMessage().contains("DisableKeyRotation"),
        refused.getMessage());
    assertEquals(365, kms.getKeyRotationStatus(b -> b.keyId(keyId)).rotationPeriodInDays());

    kms.disableKeyRotation(b -> b.keyId(keyId));
    GetKeyRotationStatusResponse disabled = kms.getKeyRotationStatus(b -> b.keyId(keyId));
    assertFalse(disabled.keyRotationEnabled());
    assertNull(disabled.nextRotationDate());

    kms.enableKeyRotation(b -> b.keyId(keyId).rotationPeriodInDays(90));
    GetKeyRotationStatusResponse enabled = kms.getKeyRotationStatus(b -> b.keyId(keyId));
    assertTrue(enabled.keyRotationEnabled());
    assertEquals(90, enabled.rotationPeriodInDays());
    Instant now = node.clock().instant();
    assertTrue(
        Duration.between(now.plus(Duration.ofDays(90)), enabled.nextRotationDate())
                .abs()
                .getSeconds()
            < 5);
  }

  @Test
  void disabledAndPendingDeletionKeysRefuseRotation() {
    start(Map.of());
    String disabled = kms.createKey(b -> b.description("disabled")).keyMetadata().keyId();
    kms.disableKey(b -> b.keyId(disabled));
    assertThrows(DisabledException.class, () -> kms.rotateKeyOnDemand(b -> b.keyId(disabled)));
    assertThrows(DisabledException.class, () -> kms.enableKeyRotation(b -> b.keyId(disabled)));
    kms.getKeyRotationStatus(b -> b.keyId(disabled));

    String pending = kms.createKey(b -> b.description("pending")).keyMetadata().keyId();
    kms.scheduleKeyDeletion(b -> b.keyId(pending).pendingWindowInDays(7));
    assertThrows(
        KmsInvalidStateException.class, () -> kms.rotateKeyOnDemand(b -> b.keyId(pending)));
    assertThrows(
        KmsInvalidStateException.class, () -> kms.disableKeyRotation(b -> b.keyId(pending)));
  }

  @Test
  void listKeyRotationsPages() {
    start(Map.of());
    String keyId = kms.createKey(b -> b.description("paging")).keyMetadata().keyId();
    for (int i = 0; i < 3; i++) {
      kms.rotateKeyOnDemand(b -> b.keyId(keyId));
    }
    List<Instant> dates = new ArrayList<>();
    String marker = null;
    do {
      String m = marker;
      ListKeyRotationsResponse page = kms.listKeyRotations(b -> b.keyId(keyId).limit(2).marker(m));
      page.rotations().forEach(r -> dates.add(r.rotationDate()));
      marker = page.truncated() ? page.nextMarker() : null;
    } while (marker != null);
    assertEquals(3, dates.size());
  }

  @Test
  void theSweeperRotatesAPassivatedKeyWhenTheClockPassesItsDate() throws Exception {
    start(
        Map.of("pekko.cluster.sharding.passivation.kms-entity-strategy.idle-entity.timeout", "1s"));
    String keyId = kms.createKey(b -> b.description("idle")).keyMetadata().keyId();
    SdkBytes original = encrypt(keyId, "before the rotation");
    eventually("the idle key entity is passivated", () -> !liveKeyEntities().contains(keyId));

    node.clock().advance(Duration.ofDays(366));
    eventually("the sweeper rotates the key", () -> rotations(keyId).size() == 1);
    RotationsListEntry rotation = rotations(keyId).get(0);
    assertEquals(RotationType.AUTOMATIC, rotation.rotationType());
    assertEquals(2, versionOf(encrypt(keyId, "after")));
    assertEquals(
        "before the rotation",
        kms.decrypt(b -> b.ciphertextBlob(original)).plaintext().asUtf8String());
    Instant next = kms.getKeyRotationStatus(b -> b.keyId(keyId)).nextRotationDate();
    assertTrue(
        next.isAfter(node.clock().instant().plus(Duration.ofDays(364))),
        "next date counts from the rotation");
  }

  @Test
  void afterARestartNoDueRotationIsSkippedOrDoneTwice() throws Exception {
    start(Map.of());
    String keyId = kms.createKey(b -> b.description("restart")).keyMetadata().keyId();
    SdkBytes v1 = encrypt(keyId, "one");
    node.clock().advance(Duration.ofDays(366));
    eventually("first automatic rotation", () -> rotations(keyId).size() == 1);
    SdkBytes v2 = encrypt(keyId, "two");

    kms.close();
    node.restart();
    kms = node.client();
    // Several sweeps pass: the rotation already done must not happen again.
    Thread.sleep(1500);
    assertEquals(1, rotations(keyId).size());
    assertEquals(365, kms.getKeyRotationStatus(b -> b.keyId(keyId)).rotationPeriodInDays());

    kms.close();
    node.restart(() -> node.clock().advance(Duration.ofDays(366)));
    kms = node.client();
    eventually(
        "the rotation that fell due while the node was down", () -> rotations(keyId).size() == 2);
    Thread.sleep(1000);
    assertEquals(2, rotations(keyId).size());
    assertEquals(3, versionOf(encrypt(keyId, "three")));
    assertEquals("one", kms.decrypt(b -> b.ciphertextBlob(v1)).plaintext().asUtf8String());
    assertEquals("two", kms.decrypt(b -> b.ciphertextBlob(v2)).plaintext().asUtf8String());
  }

  private Set<String> liveKeyEntities() {
    try {
      var system = node.node().system();
      ShardRegion.CurrentShardRegionState state =
          AskPattern
              .<org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery,
                  ShardRegion.CurrentShardRegionState>
                  ask(
                      ClusterSharding.get(system).shardState(),
                      replyTo -> new GetShardRegionState(KeyEntity.TYPE_KEY, replyTo),
                      Duration.ofSeconds(5),
                      system.scheduler())
              .toCompletableFuture()
              .get();
      return state.getShards().stream()
          .flatMap(s -> s.getEntityIds().stream())
          .collect(Collectors.toSet());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
