package com.verenc.kms.node.replication;

import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.verenc.kms.crypto.CiphertextBlob;
import com.verenc.kms.node.testkit.TestZones;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * Measures replication lag: from RotateKeyOnDemand returning on the primary (zone A) to the replica
 * (zone B) encrypting with the new version, over 100 rotations (10 keys x 10, the on-demand limit).
 * Prints median and worst; asserts only that every rotation arrived. Run: mvn -pl node test
 * -Dtest=ReplicationLagMeasurement -Dkms.excludedGroups=none
 */
@Tag("measurement")
class ReplicationLagMeasurement {
  @TempDir Path dir;

  @Test
  void primaryRotationToReplicaUse() {
    String a = MultiZoneKeyTest.A;
    String b = MultiZoneKeyTest.B;
    List<Long> lagsMicros = new ArrayList<>();
    try (TestZones zones = TestZones.start(dir, List.of(a, b));
        KmsClient primary = zones.zone(a).client();
        KmsClient replica = zones.zone(b).client()) {
      for (int k = 0; k < 10; k++) {
        String keyId = primary.createKey(r -> r.multiRegion(true)).keyMetadata().keyId();
        primary.replicateKey(r -> r.keyId(keyId).replicaRegion(b));
        eventually(
            "replica",
            () ->
                replica.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState()
                    == KeyState.ENABLED);
        for (int version = 2; version <= 11; version++) {
          primary.rotateKeyOnDemand(r -> r.keyId(keyId));
          long start = System.nanoTime();
          while (versionOf(
                  replica
                      .encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x")))
                      .ciphertextBlob())
              < version) {
            if (System.nanoTime() - start > 30_000_000_000L) {
              throw new AssertionError("version " + version + " did not reach the replica in 30 s");
            }
          }
          lagsMicros.add((System.nanoTime() - start) / 1_000);
        }
      }
    }
    assertEquals(100, lagsMicros.size());
    List<Long> sorted = new ArrayList<>(lagsMicros);
    Collections.sort(sorted);
    System.out.printf(
        "replication lag over %d rotations: median %.1f ms, p90 %.1f ms, worst %.1f ms%n",
        sorted.size(),
        sorted.get(sorted.size() / 2) / 1000.0,
        sorted.get(sorted.size() * 9 / 10) / 1000.0,
        sorted.get(sorted.size() - 1) / 1000.0);
  }

  private static int versionOf(SdkBytes blob) {
    return CiphertextBlob.decode(blob.asByteArray()).materialVersion();
  }
}
