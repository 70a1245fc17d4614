package com.verenc.kms.node.masterkey;

import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.verenc.kms.crypto.masterkey.FileMasterKey;
import com.verenc.kms.node.testkit.TestZones;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * Master key rotation across two zones: each zone re-wraps its own secrets with its own rotation,
 * and a secret that replication brings is stored under the receiving zone's current key.
 */
class MultiZoneRotationTest {
  private static final String GVA = "ch-gva-2";
  private static final String FRA = "de-fra-1";

  @TempDir Path dir;

  private static String replicated(KmsClient gva, KmsClient fra, String keyId) {
    gva.replicateKey(r -> r.keyId(keyId).replicaRegion(FRA));
    eventually(
        "the replica in " + FRA + " is enabled",
        () -> fra.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState() == KeyState.ENABLED);
    return keyId;
  }

  private static String multiZoneKey(KmsClient kms) {
    return kms.createKey(r -> r.multiRegion(true).description("multi-zone")).keyMetadata().keyId();
  }

  private static SdkBytes encrypt(KmsClient kms, String keyId) {
    return kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("for " + keyId)))
        .ciphertextBlob();
  }

  private static ManagementCalls management(TestZones zones, String zone) {
    return new ManagementCalls(zones.zone(zone).node().managementPort().orElseThrow());
  }

  private static void rotate(ManagementCalls calls) {
    assertEquals(200, calls.rotate().status());
    eventually(
        "the zone's rotation finishes",
        () -> calls.status().path("rotation").path("state").asText().equals("FINISHED"));
  }

  private static void restartBoth(TestZones zones, Map<String, Object> changes) {
    zones.stop(FRA);
    zones.stop(GVA);
    zones.reconfigure(GVA, changes);
    zones.reconfigure(FRA, changes);
    zones.restart(GVA);
    zones.restart(FRA);
  }

  @Test
  void eachZoneRewrapsItsOwnSecretsAndReplicasArriveUnderTheReceivingZonesKey() {
    Path keyA = dir.resolve("master.key");
    Path keyB = dir.resolve("b.key");
    Map<SdkBytes, String> madeInGva = new HashMap<>();
    String laterReplicated;
    try (TestZones zones =
        TestZones.start(dir, List.of(GVA, FRA), Map.of("kms.management.port", 0))) {
      KmsClient gva = zones.client(GVA);
      KmsClient fra = zones.client(FRA);
      String early = replicated(gva, fra, multiZoneKey(gva));
      madeInGva.put(encrypt(gva, early), early);
      laterReplicated = multiZoneKey(gva);
      madeInGva.put(encrypt(gva, laterReplicated), laterReplicated);

      String a = FileMasterKey.readFrom(keyA).id().toString();
      FileMasterKey b = FileMasterKey.generate();
      b.writeTo(keyB);
      restartBoth(
          zones,
          Map.of(
              "kms.master-key-file", keyB.toString(),
              "kms.previous-master-key.file", keyA.toString()));
      gva = zones.client(GVA);
      fra = zones.client(FRA);

      // Replicated before the primary's zone rotated: sent under A, stored under B.
      replicated(gva, fra, laterReplicated);
      JsonNode fraBefore = management(zones, FRA).secrets().path("secrets");
      assertEquals(1, fraBefore.path(b.id().toString()).asLong(), fraBefore.toString());
      long fraUnderA = fraBefore.path(a).asLong();

      rotate(management(zones, GVA));
      JsonNode gvaAfter = management(zones, GVA).secrets().path("secrets");
      assertEquals(0, gvaAfter.path(a).asLong(), gvaAfter.toString());
      JsonNode fraUntouched = management(zones, FRA).secrets().path("secrets");
      assertEquals(fraUnderA, fraUntouched.path(a).asLong(), "each zone rotates its own");

      rotate(management(zones, FRA));
      JsonNode fraAfter = management(zones, FRA).secrets();
      assertEquals(0, fraAfter.path("secrets").path(a).asLong(), fraAfter.toString());
      assertEquals(a, fraAfter.path("retirable").get(0).asText());

      restartBoth(zones, Map.of("kms.previous-master-key.file", ""));
      for (KmsClient kms : List.of(zones.client(GVA), zones.client(FRA))) {
        madeInGva.forEach(
            (blob, keyId) ->
                assertEquals(
                    "for " + keyId,
                    kms.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String()));
      }
    }
  }
}
