package com.verenc.kms.node.replication;

import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.crypto.CiphertextBlob;
import com.verenc.kms.node.testkit.TestZones;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.MultiRegionKeyType;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.ReplicateKeyResponse;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/**
 * Three zones, each its own node and database, one cluster: a multi-zone key created in A,
 * replicated to B and C, used across zones, rotated and scheduled for deletion on the primary.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiZoneKeyTest {
  static final String A = "ch-gva-2";
  static final String B = "de-fra-1";
  static final String C = "at-vie-1";

  TestZones zones;
  KmsClient a;
  KmsClient b;
  KmsClient c;

  @BeforeAll
  void start(@TempDir Path dir) {
    zones = TestZones.start(dir, List.of(A, B, C));
    a = zones.client(A);
    b = zones.client(B);
    c = zones.client(C);
  }

  @AfterAll
  void stop() {
    if (zones != null) {
      zones.close();
    }
  }

  private String replicatedKey(String description, String... replicaZones) {
    String keyId =
        a.createKey(r -> r.multiRegion(true).description(description)).keyMetadata().keyId();
    for (String zone : replicaZones) {
      a.replicateKey(r -> r.keyId(keyId).replicaRegion(zone));
    }
    for (String zone : replicaZones) {
      KmsClient client = zone.equals(B) ? b : c;
      eventually(
          "replica in " + zone + " is enabled",
          () ->
              client.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState() == KeyState.ENABLED);
    }
    return keyId;
  }

  private static SdkBytes encrypt(KmsClient client, String keyId, String text) {
    return client
        .encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String(text)))
        .ciphertextBlob();
  }

  private static String decrypt(KmsClient client, SdkBytes blob) {
    return client.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String();
  }

  private static int versionOf(SdkBytes blob) {
    return CiphertextBlob.decode(blob.asByteArray()).materialVersion();
  }

  @Test
  void replicateKeyAnswersAtOnceWithACreatingReplica() {
    String keyId =
        a.createKey(r -> r.multiRegion(true).description("primary")).keyMetadata().keyId();
    assertTrue(keyId.startsWith("mrk-"));
    ReplicateKeyResponse response =
        a.replicateKey(
            r ->
                r.keyId(keyId)
                    .replicaRegion(B)
                    .description("in B")
                    .tags(t -> t.tagKey("team").tagValue("b")));
    KeyMetadata replica = response.replicaKeyMetadata();
    assertEquals(keyId, replica.keyId());
    assertEquals(KeyState.CREATING, replica.keyState());
    assertEquals(
        MultiRegionKeyType.REPLICA, replica.multiRegionConfiguration().multiRegionKeyType());
    assertEquals(A, replica.multiRegionConfiguration().primaryKey().region());
    assertEquals("in B", replica.description());
    assertEquals("team", response.replicaTags().get(0).tagKey());

    KeyMetadata inB =
        eventually(
            "replica usable in B",
            () ->
                b.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState() == KeyState.ENABLED
                    ? b.describeKey(r -> r.keyId(keyId)).keyMetadata()
                    : null);
    assertEquals("in B", inB.description());
    assertEquals(MultiRegionKeyType.REPLICA, inB.multiRegionConfiguration().multiRegionKeyType());
    assertEquals(A, inB.multiRegionConfiguration().primaryKey().region());
    assertEquals("b", b.listResourceTags(r -> r.keyId(keyId)).tags().get(0).tagValue());
    assertTrue(
        b.listKeys().keys().stream().anyMatch(k -> k.keyId().equals(keyId)),
        "listed in B's ListKeys");
    KeyMetadata primary = a.describeKey(r -> r.keyId(keyId)).keyMetadata();
    assertEquals(
        MultiRegionKeyType.PRIMARY, primary.multiRegionConfiguration().multiRegionKeyType());
    assertEquals(B, primary.multiRegionConfiguration().replicaKeys().get(0).region());
    // Each member of the set has the ARN of its own zone, as AWS multi-Region keys do.
    String account = primary.awsAccountId();
    String inA = "arn:aws:kms:" + A + ":" + account + ":key/" + keyId;
    String inZoneB = "arn:aws:kms:" + B + ":" + account + ":key/" + keyId;
    assertEquals(inA, primary.arn());
    assertEquals(inZoneB, replica.arn());
    assertEquals(inZoneB, inB.arn());
    for (KeyMetadata view : List.of(replica, inB, primary)) {
      assertEquals(inA, view.multiRegionConfiguration().primaryKey().arn());
      assertEquals(inZoneB, view.multiRegionConfiguration().replicaKeys().get(0).arn());
    }
    assertEquals(
        inZoneB, b.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))).keyId());
    assertEquals(inZoneB, b.describeKey(r -> r.keyId(inZoneB)).keyMetadata().arn());
    assertThrows(
        NotFoundException.class, () -> b.describeKey(r -> r.keyId(inA)), "the ARN of another zone");
  }

  @Test
  void ciphertextMadeInAnyZoneDecryptsInEveryOther() {
    String keyId = replicatedKey("cross-zone", B, C);
    SdkBytes fromA = encrypt(a, keyId, "made in A");
    SdkBytes fromB = encrypt(b, keyId, "made in B");
    SdkBytes fromC = encrypt(c, keyId, "made in C");
    for (KmsClient client : new KmsClient[] {a, b, c}) {
      assertEquals("made in A", decrypt(client, fromA));
      assertEquals("made in B", decrypt(client, fromB));
      assertEquals("made in C", decrypt(client, fromC));
    }
    var dataKey = b.generateDataKey(r -> r.keyId(keyId).keySpec("AES_256"));
    assertEquals(
        dataKey.plaintext(),
        c.decrypt(r -> r.ciphertextBlob(dataKey.ciphertextBlob())).plaintext());
  }

  @Test
  void rotationOnThePrimaryReachesEveryReplica() {
    String keyId = replicatedKey("rotating", B, C);
    SdkBytes before = encrypt(c, keyId, "before");
    a.rotateKeyOnDemand(r -> r.keyId(keyId));
    eventually("C encrypts with version 2", () -> versionOf(encrypt(c, keyId, "probe")) == 2);
    eventually("B encrypts with version 2", () -> versionOf(encrypt(b, keyId, "probe")) == 2);
    assertEquals("before", decrypt(c, before));
    assertEquals(1, c.listKeyRotations(r -> r.keyId(keyId)).rotations().size());
  }

  @Test
  void replicasRefuseRotationAndDeletionNamingThePrimaryZone() {
    String keyId = replicatedKey("refusals", B);
    for (Runnable call :
        List.<Runnable>of(
            () -> b.rotateKeyOnDemand(r -> r.keyId(keyId)),
            () -> b.enableKeyRotation(r -> r.keyId(keyId).rotationPeriodInDays(90)),
            () -> b.disableKeyRotation(r -> r.keyId(keyId)),
            () -> b.scheduleKeyDeletion(r -> r.keyId(keyId)),
            () -> b.replicateKey(r -> r.keyId(keyId).replicaRegion(C)))) {
      UnsupportedOperationException e =
          assertThrows(UnsupportedOperationException.class, call::run);
      assertTrue(e.awsErrorDetails().errorMessage().contains(A), e.getMessage());
    }
  }

  @Test
  void enablingAndDisablingIsPerZone() {
    String keyId = replicatedKey("independent", B, C);
    b.disableKey(r -> r.keyId(keyId));
    assertThrows(DisabledException.class, () -> encrypt(b, keyId, "x"));
    SdkBytes fromA = encrypt(a, keyId, "A still works");
    assertEquals("A still works", decrypt(c, fromA));
    assertEquals(KeyState.ENABLED, a.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState());
    b.enableKey(r -> r.keyId(keyId));
    assertEquals("A still works", decrypt(b, fromA));

    a.disableKey(r -> r.keyId(keyId));
    assertThrows(DisabledException.class, () -> encrypt(a, keyId, "x"));
    encrypt(b, keyId, "B still works");
    a.enableKey(r -> r.keyId(keyId));
  }

  @Test
  void deletionScheduledOnThePrimaryReachesEveryReplica() {
    String keyId = replicatedKey("deleted", B, C);
    a.scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7));
    for (KmsClient client : new KmsClient[] {b, c}) {
      eventually(
          "replica pending deletion",
          () ->
              client.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState()
                  == KeyState.PENDING_DELETION);
    }
    a.cancelKeyDeletion(r -> r.keyId(keyId));
    eventually(
        "cancellation reaches C",
        () -> c.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState() == KeyState.DISABLED);
  }

  @Test
  void replicationIsRefusedForWhatCannotBeReplicated() {
    String single = a.createKey(r -> r.description("single-zone")).keyMetadata().keyId();
    assertThrows(
        UnsupportedOperationException.class,
        () -> a.replicateKey(r -> r.keyId(single).replicaRegion(B)));

    String keyId = replicatedKey("twice", B);
    assertThrows(
        AlreadyExistsException.class, () -> a.replicateKey(r -> r.keyId(keyId).replicaRegion(B)));
    KmsException unknown =
        assertThrows(
            KmsException.class,
            () -> a.replicateKey(r -> r.keyId(keyId).replicaRegion("xx-nowhere-9")));
    assertEquals("ValidationException", unknown.awsErrorDetails().errorCode());
    KmsException own =
        assertThrows(
            KmsException.class, () -> a.replicateKey(r -> r.keyId(keyId).replicaRegion(A)));
    assertEquals("ValidationException", own.awsErrorDetails().errorCode());
    assertThrows(
        NotFoundException.class,
        () -> c.describeKey(r -> r.keyId(keyId)),
        "no replica was made in C");
  }

  @Test
  void thePrimaryRoleMovesToAReplica() {
    String keyId = replicatedKey("moving", B, C);
    SdkBytes before = encrypt(a, keyId, "before the move");
    a.updatePrimaryRegion(r -> r.keyId(keyId).primaryRegion(B));
    eventually(
        "B is primary",
        () ->
            b.describeKey(r -> r.keyId(keyId))
                    .keyMetadata()
                    .multiRegionConfiguration()
                    .multiRegionKeyType()
                == MultiRegionKeyType.PRIMARY);
    eventually(
        "C follows B",
        () ->
            B.equals(
                c.describeKey(r -> r.keyId(keyId))
                    .keyMetadata()
                    .multiRegionConfiguration()
                    .primaryKey()
                    .region()));
    assertEquals(
        MultiRegionKeyType.REPLICA,
        a.describeKey(r -> r.keyId(keyId))
            .keyMetadata()
            .multiRegionConfiguration()
            .multiRegionKeyType());
    assertThrows(
        UnsupportedOperationException.class, () -> a.rotateKeyOnDemand(r -> r.keyId(keyId)));
    b.rotateKeyOnDemand(r -> r.keyId(keyId));
    eventually("A gets B's rotation", () -> versionOf(encrypt(a, keyId, "probe")) == 2);
    eventually("C gets B's rotation", () -> versionOf(encrypt(c, keyId, "probe")) == 2);
    assertEquals("before the move", decrypt(c, before));
  }
}
