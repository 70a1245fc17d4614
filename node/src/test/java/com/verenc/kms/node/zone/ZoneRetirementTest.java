package com.verenc.kms.node.zone;

import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.testkit.ManagementHttp;
import com.verenc.kms.node.testkit.TestZones;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.MultiRegionKey;
import software.amazon.awssdk.services.kms.model.MultiRegionKeyType;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * Retiring a zone whose node is gone (POST /kms/zones/ZONE/retire): refused while a key has its
 * primary there, for the platform primary zone, for a zone with a running node and for a name that
 * is no zone; once allowed, every remaining zone's keys leave it out of their sets (DescribeKey no
 * longer lists it, nothing is pending for it, ReplicateKey there is refused), and it stays so after
 * a restart.
 */
class ZoneRetirementTest {
  private static final String GVA = "ch-gva-2";
  private static final String FRA = "de-fra-1";
  private static final String VIE = "at-vie-1";

  @TempDir Path dir;

  @Test
  void aZoneIsRetiredOnlyOnceNoKeyHasItsPrimaryThereAndThenForGood() throws IOException {
    Path credentials = dir.resolve("credentials.json");
    Files.writeString(
        credentials,
        "{\"accounts\":[{\"accountId\":\"111122223333\",\"accessKeys\":[{\"accessKeyId\":\"test\","
            + "\"secretAccessKey\":\"test\"}]},{\"accountId\":\"444455556666\",\"accessKeys\":"
            + "[{\"accessKeyId\":\"later\",\"secretAccessKey\":\"later\"}]}]}");
    try (TestZones zones =
        TestZones.start(
            dir,
            List.of(GVA, FRA, VIE),
            Map.of("kms.management.port", 0, "kms.credentials-file", credentials.toString()))) {
      KmsClient gva = zones.client(GVA);
      String everywhere = replicated(gva, "in every zone", FRA, VIE);
      String fromVie;
      try (KmsClient vie = zones.zone(VIE).client()) {
        fromVie = replicated(vie, "primary in vie", GVA);
      }
      // ReplicateKey only adds ch-gva-2 to the key's set: at-vie-1 pushes the replica there
      // afterwards. Stopped before that push lands, at-vie-1 would take the key with it, and
      // ch-gva-2 would rightly hold no key with its primary in at-vie-1 (see the test below).
      eventually(
          "ch-gva-2 holds the replica of the key whose primary is in at-vie-1",
          () ->
              gva.describeKey(r -> r.keyId(fromVie))
                      .keyMetadata()
                      .multiRegionConfiguration()
                      .multiRegionKeyType()
                  == MultiRegionKeyType.REPLICA);
      zones.stop(VIE);
      int management = zones.zone(GVA).node().managementPort().orElseThrow();

      HttpResponse<String> refused = retire(management, VIE);
      assertEquals(409, refused.statusCode(), refused.body());
      assertEquals(
          VIE
              + " cannot be retired: 1 key has its primary there, e.g. "
              + fromVie
              + " (its replica in "
              + GVA
              + "). Move each such key's primary to another zone (UpdatePrimaryRegion, which"
              + " needs "
              + VIE
              + " up) or delete it, then retire the zone; nothing was changed",
          message(refused));
      assertEquals(List.of(VIE, FRA), replicaZones(gva, everywhere), "nothing changed");

      assertEquals(409, retire(management, GVA).statusCode(), "the platform primary zone");
      assertTrue(message(retire(management, GVA)).contains("platform primary zone"));
      HttpResponse<String> running = retire(management, FRA);
      assertEquals(409, running.statusCode());
      assertTrue(message(running).startsWith("zone de-fra-1 still has running nodes: pekko://"));
      assertEquals(400, retire(management, "no_zone").statusCode());

      // The operator brings the zone back once more to move the key's primary out of it.
      zones.restart(VIE);
      try (KmsClient vie = zones.zone(VIE).client()) {
        vie.updatePrimaryRegion(r -> r.keyId(fromVie).primaryRegion(GVA));
      }
      eventually(
          "ch-gva-2 holds the primary",
          () ->
              gva.describeKey(r -> r.keyId(fromVie))
                      .keyMetadata()
                      .multiRegionConfiguration()
                      .multiRegionKeyType()
                  == MultiRegionKeyType.PRIMARY);
      // de-fra-1 holds its replicas of the shared key and of the account's default key (whose
      // replica is pushed on the account's first request) before the count below is taken.
      try (KmsClient fra = zones.zone(FRA).client()) {
        eventually(
            "de-fra-1 holds the account's two keys with it in their sets",
            () -> fra.listKeys().keys().size() >= 2);
      }
      zones.stop(VIE);

      HttpResponse<String> retired = retire(management, VIE);
      assertEquals(200, retired.statusCode(), retired.body());
      // ch-gva-2: both keys and the account's default key; de-fra-1: its replicas of two of them,
      // unless a primary in ch-gva-2 left the zone out first and pushed that to its replica before
      // de-fra-1's own pass reached it (both zones go through their keys at once), which counts
      // the key in ch-gva-2 only.
      Matcher counts =
          Pattern.compile(
                  "zone at-vie-1 retired: left out of the replica sets of (\\d+) keys \\(ch-gva-2:"
                      + " 3, de-fra-1: ([0-2])\\)")
              .matcher(message(retired));
      assertTrue(counts.matches(), message(retired));
      assertEquals(
          3 + Integer.parseInt(counts.group(2)), Integer.parseInt(counts.group(1)), "the sum");
      assertEquals(List.of(FRA), replicaZones(gva, everywhere));
      assertEquals(List.of(), replicaZones(gva, fromVie));
      KmsClient fra = zones.client(FRA);
      eventually(
          "the replica in de-fra-1 learns it",
          () -> replicaZones(fra, everywhere).equals(List.of(FRA)));
      eventually(
          "nothing waits for at-vie-1",
          () ->
              get(management, "/metrics")
                  .contains("kms_replication_pending_keys{zone=\"ch-gva-2\"} 0"));
      KmsException again =
          assertThrows(
              KmsException.class,
              () -> gva.replicateKey(r -> r.keyId(everywhere).replicaRegion(VIE)));
      assertTrue(
          again.getMessage().contains("ReplicaRegion at-vie-1 was retired"), again.getMessage());
      assertEquals(200, retire(management, VIE).statusCode(), "running it again is harmless");
      // An account's first request after the retirement: its default key gets no replica there,
      // although KMS_ZONES still lists the zone.
      try (KmsClient later = zones.zone(GVA).client("later", "later")) {
        assertEquals(List.of(FRA), replicaZones(later, "alias/verenc/default"));
      }

      // A node restarted in a remaining zone reads the retirement from its zone database.
      zones.stop(FRA);
      zones.restart(FRA);
      int restarted = zones.zone(FRA).node().managementPort().orElseThrow();
      assertTrue(get(restarted, "/kms/zones").contains("\"retired\" : [ \"at-vie-1\" ]"));
      try (KmsClient fraAgain = zones.zone(FRA).client()) {
        assertEquals(List.of(FRA), replicaZones(fraAgain, everywhere), "after a restart");
        String newKey = fraAgain.createKey(r -> r.multiRegion(true)).keyMetadata().keyId();
        assertThrows(
            KmsException.class,
            () -> fraAgain.replicateKey(r -> r.keyId(newKey).replicaRegion(VIE)));
      }
    }
  }

  /**
   * A key whose replica never left at-vie-1 (de-fra-1 was down while ReplicateKey's push was due,
   * and at-vie-1 went for good before de-fra-1 came back) is in no remaining zone: nothing that
   * remains has its primary in at-vie-1, so the zone is retired, and the key stays lost with it.
   */
  @Test
  void aKeyWhoseReplicaNeverLeftTheZoneDoesNotHoldUpItsRetirement() {
    try (TestZones zones =
        TestZones.start(dir, List.of(GVA, FRA, VIE), Map.of("kms.management.port", 0))) {
      String fromVie;
      try (KmsClient vie = zones.zone(VIE).client()) {
        fromVie = vie.createKey(r -> r.multiRegion(true)).keyMetadata().keyId();
        zones.stop(FRA);
        vie.replicateKey(r -> r.keyId(fromVie).replicaRegion(FRA));
      }
      zones.stop(VIE);
      zones.restart(FRA);
      KmsClient fra = zones.client(FRA);
      assertThrows(NotFoundException.class, () -> fra.describeKey(r -> r.keyId(fromVie)));
      int management = zones.zone(GVA).node().managementPort().orElseThrow();

      HttpResponse<String> retired = retire(management, VIE);
      assertEquals(200, retired.statusCode(), retired.body());
      assertThrows(NotFoundException.class, () -> fra.describeKey(r -> r.keyId(fromVie)));
    }
  }

  private static String replicated(KmsClient client, String description, String... to) {
    String keyId =
        client.createKey(r -> r.multiRegion(true).description(description)).keyMetadata().keyId();
    for (String zone : to) {
      client.replicateKey(r -> r.keyId(keyId).replicaRegion(zone));
    }
    return keyId;
  }

  private static List<String> replicaZones(KmsClient client, String keyId) {
    return client
        .describeKey(r -> r.keyId(keyId))
        .keyMetadata()
        .multiRegionConfiguration()
        .replicaKeys()
        .stream()
        .map(MultiRegionKey::region)
        .toList();
  }

  private static HttpResponse<String> retire(int port, String zone) {
    return ManagementHttp.post(port, "/kms/zones/" + zone + "/retire");
  }

  private static String get(int port, String path) {
    return ManagementHttp.body(port, path);
  }

  private static String message(HttpResponse<String> response) {
    return ManagementHttp.json(response.body()).path("message").asText();
  }
}
