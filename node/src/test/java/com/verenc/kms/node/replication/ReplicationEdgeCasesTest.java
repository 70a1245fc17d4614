package com.verenc.kms.node.replication;

import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.verenc.kms.crypto.CiphertextBlob;
import com.verenc.kms.node.testkit.TestZones;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.MultiRegionKeyType;

/** Multi-zone keys when zones are down at the wrong moment. */
class ReplicationEdgeCasesTest {
  private static final String A = MultiZoneKeyTest.A;
  private static final String B = MultiZoneKeyTest.B;
  private static final String C = MultiZoneKeyTest.C;

  @TempDir Path dir;

  @Test
  void aReplicaKeepsTheSettingsGivenToReplicateKeyWhenThePrimaryMovesBeforeItArrives() {
    try (TestZones zones = TestZones.start(dir, List.of(A, B, C))) {
      KmsClient inA = zones.client(A);
      KmsClient inB = zones.client(B);
      String keyId =
          inA.createKey(r -> r.multiRegion(true).description("primary")).keyMetadata().keyId();
      inA.replicateKey(r -> r.keyId(keyId).replicaRegion(B));
      eventually(
          "replica in B",
          () -> inB.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState() == KeyState.ENABLED);

      zones.stop(C);
      String policy =
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"replica-c\",\"Effect\":\"Allow\","
              + "\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
      inA.replicateKey(
          r ->
              r.keyId(keyId)
                  .replicaRegion(C)
                  .description("replica in C")
                  .policy(policy)
                  .tags(t -> t.tagKey("zone").tagValue("c")));
      inA.updatePrimaryRegion(r -> r.keyId(keyId).primaryRegion(B));
      eventually(
          "B is the primary",
          () ->
              inB.describeKey(r -> r.keyId(keyId))
                      .keyMetadata()
                      .multiRegionConfiguration()
                      .multiRegionKeyType()
                  == MultiRegionKeyType.PRIMARY);

      zones.restart(C);
      try (KmsClient inC = zones.zone(C).client()) {
        KeyMetadata replica =
            eventually(
                "replica in C",
                () -> {
                  KeyMetadata m = inC.describeKey(r -> r.keyId(keyId)).keyMetadata();
                  return m.keyState() == KeyState.ENABLED ? m : null;
                });
        assertEquals("replica in C", replica.description());
        assertEquals(policy, inC.getKeyPolicy(r -> r.keyId(keyId).policyName("default")).policy());
        assertEquals("c", inC.listResourceTags(r -> r.keyId(keyId)).tags().get(0).tagValue());
      }
    }
  }

  @Test
  void aFailedPushIsRetriedAfterItsBackOffWithoutTheSweeper() {
    // The sweeper looks only once an hour: whatever brings the replica up to date is the back-off.
    Map<String, Object> slowSweeper = Map.of("kms.replication.retry-interval", "1h");
    try (TestZones zones = TestZones.start(dir, List.of(A, B), slowSweeper)) {
      KmsClient inA = zones.client(A);
      String keyId =
          inA.createKey(r -> r.multiRegion(true).description("back-off")).keyMetadata().keyId();
      zones.stop(B);
      inA.replicateKey(r -> r.keyId(keyId).replicaRegion(B));
      // While the first push is on its way (and then backing off), these versions are not pushed.
      for (int i = 0; i < 3; i++) {
        inA.rotateKeyOnDemand(r -> r.keyId(keyId));
      }
      sleep(Duration.ofSeconds(3));
      zones.restart(B);
      try (KmsClient inB = zones.zone(B).client()) {
        eventually(
            "B encrypts with the newest version",
            () ->
                CiphertextBlob.decode(
                            inB.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x")))
                                .ciphertextBlob()
                                .asByteArray())
                        .materialVersion()
                    == 4);
      }
    }
  }

  @Test
  void aDeletionPastItsDateCannotBeCancelledWhileAReplicaZoneIsDown() {
    try (TestZones zones = TestZones.start(dir, List.of(A, B))) {
      KmsClient inA = zones.client(A);
      KmsClient inB = zones.client(B);
      String keyId =
          inA.createKey(r -> r.multiRegion(true).description("deleted")).keyMetadata().keyId();
      inA.replicateKey(r -> r.keyId(keyId).replicaRegion(B));
      eventually(
          "replica in B",
          () -> inB.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState() == KeyState.ENABLED);
      zones.stop(B);
      inA.scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7));
      zones.zone(A).clock().advance(Duration.ofDays(8));
      // Still PendingDeletion (B must learn of it before the primary goes), but the date has
      // passed.
      assertEquals(
          KeyState.PENDING_DELETION, inA.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState());
      assertThrows(
          KmsInvalidStateException.class, () -> inA.cancelKeyDeletion(r -> r.keyId(keyId)));
      assertThrows(
          Exception.class,
          () -> inA.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))));
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
