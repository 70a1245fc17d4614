package com.verenc.kms.node.replication;

import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.verenc.kms.crypto.CiphertextBlob;
import com.verenc.kms.node.testkit.TestZones;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * A replica zone that was down catches up with everything the primary did meanwhile, nothing lost.
 */
class ZoneOutageCatchUpTest {
  @TempDir Path dir;

  @Test
  void zoneStoppedDuringThreeRotationsCatchesUpOnItsOwnDatabase() {
    String a = MultiZoneKeyTest.A;
    String c = MultiZoneKeyTest.C;
    try (TestZones zones = TestZones.start(dir, List.of(a, MultiZoneKeyTest.B, c))) {
      String keyId;
      List<SdkBytes> blobs = new ArrayList<>();
      try (KmsClient primary = zones.zone(a).client();
          KmsClient replica = zones.zone(c).client()) {
        keyId =
            primary.createKey(r -> r.multiRegion(true).description("outage")).keyMetadata().keyId();
        primary.replicateKey(r -> r.keyId(keyId).replicaRegion(c));
        eventually(
            "replica in C",
            () ->
                replica.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState()
                    == KeyState.ENABLED);
      }

      zones.stop(c);
      try (KmsClient primary = zones.zone(a).client()) {
        blobs.add(
            primary
                .encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("v1")))
                .ciphertextBlob());
        for (int i = 2; i <= 4; i++) {
          primary.rotateKeyOnDemand(r -> r.keyId(keyId));
          String text = "v" + i;
          blobs.add(
              primary
                  .encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String(text)))
                  .ciphertextBlob());
        }
      }

      zones.restart(c);
      try (KmsClient replica = zones.zone(c).client()) {
        eventually(
            "C encrypts with the primary's newest version",
            () ->
                CiphertextBlob.decode(
                            replica
                                .encrypt(
                                    r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("p")))
                                .ciphertextBlob()
                                .asByteArray())
                        .materialVersion()
                    == 4);
        for (int i = 0; i < blobs.size(); i++) {
          SdkBytes blob = blobs.get(i);
          assertEquals(
              "v" + (i + 1),
              replica.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String());
        }
        assertEquals(3, replica.listKeyRotations(r -> r.keyId(keyId)).rotations().size());
      }
    }
  }

  @Test
  void unacknowledgedPushesSurviveARestartOfThePrimary() {
    String b = MultiZoneKeyTest.B;
    String c = MultiZoneKeyTest.C;
    // The primary lives in B: A is the cluster's seed, B can restart and rejoin.
    try (TestZones zones = TestZones.start(dir, List.of(MultiZoneKeyTest.A, b, c))) {
      String keyId;
      try (KmsClient primary = zones.zone(b).client();
          KmsClient replica = zones.zone(c).client()) {
        keyId =
            primary
                .createKey(r -> r.multiRegion(true).description("restart"))
                .keyMetadata()
                .keyId();
        primary.replicateKey(r -> r.keyId(keyId).replicaRegion(c));
        eventually(
            "replica in C",
            () ->
                replica.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState()
                    == KeyState.ENABLED);
      }
      zones.stop(c);
      SdkBytes rotatedBlob;
      try (KmsClient primary = zones.zone(b).client()) {
        primary.rotateKeyOnDemand(r -> r.keyId(keyId));
        rotatedBlob =
            primary
                .encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("v2")))
                .ciphertextBlob();
      }
      zones.stop(b);
      zones.restart(b);
      zones.restart(c);
      try (KmsClient replica = zones.zone(c).client()) {
        eventually(
            "C gets the rotation the restarted primary had not delivered",
            () ->
                "v2"
                    .equals(
                        replica
                            .decrypt(r -> r.ciphertextBlob(rotatedBlob))
                            .plaintext()
                            .asUtf8String()));
      }
    }
  }

  @Test
  void aPrimaryIsNotDestroyedBeforeEveryReplicaKnowsOfItsDeletion() {
    String a = MultiZoneKeyTest.A;
    String c = MultiZoneKeyTest.C;
    try (TestZones zones = TestZones.start(dir, List.of(a, MultiZoneKeyTest.B, c))) {
      String keyId;
      try (KmsClient primary = zones.zone(a).client();
          KmsClient replica = zones.zone(c).client()) {
        keyId =
            primary
                .createKey(r -> r.multiRegion(true).description("deleted while C is down"))
                .keyMetadata()
                .keyId();
        primary.replicateKey(r -> r.keyId(keyId).replicaRegion(c));
        eventually(
            "replica in C",
            () ->
                replica.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState()
                    == KeyState.ENABLED);
      }
      zones.stop(c);
      try (KmsClient primary = zones.zone(a).client()) {
        primary.scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7));
        zones.zone(a).clock().advance(java.time.Duration.ofDays(8));
        // Past its date, but C has not heard of the deletion: the primary must wait for it.
        for (int i = 0; i < 10; i++) {
          assertEquals(
              KeyState.PENDING_DELETION,
              primary.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState());
        }
      }
      zones.restart(c);
      try (KmsClient primary = zones.zone(a).client();
          KmsClient replica = zones.zone(c).client()) {
        eventually(
            "C learns of the deletion",
            () ->
                replica.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState()
                    == KeyState.PENDING_DELETION);
        eventually(
            "then the primary is destroyed",
            () -> {
              try {
                primary.describeKey(r -> r.keyId(keyId));
                return false;
              } catch (software.amazon.awssdk.services.kms.model.NotFoundException e) {
                return true;
              }
            });
        zones.zone(c).clock().advance(java.time.Duration.ofDays(8));
        eventually(
            "and the replica on its own date",
            () -> {
              try {
                replica.describeKey(r -> r.keyId(keyId));
                return false;
              } catch (software.amazon.awssdk.services.kms.model.NotFoundException e) {
                return true;
              }
            });
      }
    }
  }
}
