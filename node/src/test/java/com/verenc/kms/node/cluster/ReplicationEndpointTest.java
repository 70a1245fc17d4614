package com.verenc.kms.node.cluster;

import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.node.testkit.TestZones;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /kms/keys/KEY_ID/replication and the resyncs on the management port: the status asks every zone
 * of the key's set what it holds (a replica zone restored from a copy of its database shows its
 * real, older version though the primary recorded the newer one acknowledged), from any zone;
 * resyncs are started by the key's primary or by every other zone; what cannot be answered says
 * why. The pushes a zone has not acknowledged show in the metrics while it is down.
 */
class ReplicationEndpointTest {
  private static final String GVA = "ch-gva-2";
  private static final String FRA = "de-fra-1";

  @TempDir Path dir;

  private record Answer(int status, JsonNode body) {}

  private static Answer call(int port, String method, String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .method(method, HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), new ObjectMapper().readTree(response.body()));
  }

  private static Answer get(int port, String path) throws Exception {
    return call(port, "GET", path);
  }

  private static Answer post(int port, String path) throws Exception {
    return call(port, "POST", path);
  }

  private static int port(TestZones zones, String zone) {
    return zones.zone(zone).node().managementPort().orElseThrow();
  }

  private static TestZones start(Path dir) {
    // Only the replica's own report and the operator bring zones in step here.
    return TestZones.start(
        dir,
        List.of(GVA, FRA),
        Map.of("kms.management.port", 0, "kms.replication.anti-entropy.enabled", false));
  }

  @Test
  void aRestoredReplicaZoneShowsTheVersionItReallyHoldsThenCatchesUp() throws Exception {
    try (TestZones zones = start(dir)) {
      var gva = zones.client(GVA);
      String keyId = gva.createKey(r -> r.multiRegion(true)).keyMetadata().keyId();
      gva.replicateKey(r -> r.keyId(keyId).replicaRegion(FRA));
      String path = "/kms/keys/" + keyId + "/replication";
      JsonNode before =
          eventually(
              "de-fra-1 holds the replica",
              () -> {
                JsonNode status = getUnchecked(port(zones, GVA), path);
                JsonNode replica = status.path("replicas").path(0);
                return replica.path("heldVersion").asInt(-1)
                            == status.path("primaryVersion").asInt()
                        && replica.path("acknowledgedVersion").asInt()
                            == replica.path("heldVersion").asInt()
                    ? status
                    : null;
              });
      int oldVersion = before.path("primaryVersion").asInt();

      zones.stop(FRA);
      Path file = dir.resolve(FRA).resolve("kms.mv.db");
      Path backup = dir.resolve("fra-backup.mv.db");
      Files.copy(file, backup);
      zones.restart(FRA);
      gva.rotateKeyOnDemand(r -> r.keyId(keyId));
      int newVersion = oldVersion + 1;
      eventually(
          "de-fra-1 acknowledged the rotation",
          () ->
              getUnchecked(port(zones, GVA), path)
                      .path("replicas")
                      .path(0)
                      .path("acknowledgedVersion")
                      .asInt()
                  == newVersion);
      zones.stop(FRA);
      Files.copy(backup, file, StandardCopyOption.REPLACE_EXISTING);
      zones.restart(FRA);

      // Asked through gva, the primary's record is read before de-fra-1 is asked (and wakes);
      // asked once de-fra-1 serves its keys, so the question itself is answered.
      eventually("de-fra-1 ready", () -> ready(port(zones, FRA)));
      Answer restored = get(port(zones, GVA), path);

      assertEquals(200, restored.status(), restored.body().toString());
      assertEquals(GVA, restored.body().path("primaryZone").asText());
      assertEquals(newVersion, restored.body().path("primaryVersion").asInt());
      JsonNode replica = restored.body().path("replicas").path(0);
      assertEquals(FRA, replica.path("zone").asText());
      // The rotation gva had recorded, or what de-fra-1 holds when its restarted entity has already
      // reported it (it may wake before the question, e.g. for an anti-entropy digest).
      int acknowledged = replica.path("acknowledgedVersion").asInt();
      assertTrue(
          acknowledged == newVersion || acknowledged == oldVersion,
          "what gva recorded: " + replica);
      assertEquals(oldVersion, replica.path("heldVersion").asInt(), "what de-fra-1 really holds");
      // Woken by the question, the restored replica told its primary, which pushes again; the
      // answer is the same from the replica's zone.
      eventually(
          "de-fra-1 holds the rotation again",
          () ->
              getUnchecked(port(zones, FRA), path + "?zone=" + FRA)
                      .path("replicas")
                      .path(0)
                      .path("heldVersion")
                      .asInt()
                  == newVersion);
    }
  }

  @Test
  void resyncsAreStartedForAKeyOrAZoneAndBadQuestionsSayWhatToGive() throws Exception {
    try (TestZones zones = start(dir)) {
      var gva = zones.client(GVA);
      String keyId = gva.createKey(r -> r.multiRegion(true)).keyMetadata().keyId();
      gva.replicateKey(r -> r.keyId(keyId).replicaRegion(FRA));
      int fra = port(zones, FRA);
      eventually(
          "the replica exists in de-fra-1",
          () -> getUnchecked(fra, "/kms/keys/" + keyId + "/replication?zone=" + FRA));

      Answer resync = post(fra, "/kms/keys/" + keyId + "/replication/resync?zone=" + FRA);
      assertEquals(200, resync.status(), resync.body().toString());
      assertEquals(GVA, resync.body().path("primaryZone").asText(), "found from the replica");
      assertEquals(FRA, resync.body().path("zones").path(0).path("zone").asText());

      Answer noReplica =
          post(
              fra,
              "/kms/keys/" + keyId + "/replication/resync?zone=" + FRA + "&replica-zone=" + GVA);
      assertEquals(400, noReplica.status());
      assertEquals(
          keyId + " has no replica in zone " + GVA + "; its replica zones are [" + FRA + "].",
          noReplica.body().path("message").asText());

      Answer zone = post(fra, "/kms/replication/resync?replica-zone=" + FRA);
      assertEquals(200, zone.status(), zone.body().toString());
      assertEquals(List.of(GVA), List.of(zone.body().path("comparingZones").path(0).asText()));
      assertEquals(1, zone.body().path("comparingZones").size());
      assertEquals(400, post(fra, "/kms/replication/resync").status());

      Answer unknownZone = get(fra, "/kms/keys/" + keyId + "/replication?zone=at-vie-1");
      assertEquals(404, unknownZone.status());
      assertTrue(
          unknownZone.body().path("message").asText().startsWith("unknown zone 'at-vie-1'"),
          unknownZone.body().toString());
      String missing = "mrk-" + UUID.randomUUID().toString().replace("-", "");
      Answer notThere = get(fra, "/kms/keys/" + missing + "/replication");
      assertEquals(404, notThere.status());
      assertEquals(
          "key " + missing + " does not exist in zone " + FRA,
          notThere.body().path("message").asText());
      String single = gva.createKey(r -> r.description("one zone")).keyMetadata().keyId();
      Answer singleZone = get(port(zones, GVA), "/kms/keys/" + single + "/replication");
      assertEquals(400, singleZone.status());
      assertEquals(
          single + " is a single-zone key in zone " + GVA + ": it has no replicas.",
          singleZone.body().path("message").asText());
      assertEquals(400, get(fra, "/kms/keys/alias%2Fpayments/replication").status());
    }
  }

  @Test
  void pushesToAZoneThatIsDownShowAsUnacknowledgedUntilItIsBack() throws Exception {
    try (TestZones zones = start(dir)) {
      var gva = zones.client(GVA);
      String keyId = gva.createKey(r -> r.multiRegion(true)).keyMetadata().keyId();
      gva.replicateKey(r -> r.keyId(keyId).replicaRegion(FRA));
      int port = port(zones, GVA);
      eventually("nothing waits", () -> metrics(port).contains(inFlight(0)));

      zones.stop(FRA);
      gva.rotateKeyOnDemand(r -> r.keyId(keyId));

      eventually("one push waits", () -> metrics(port).contains(inFlight(1)));
      // The node's clock is the test's: the push ages as it moves.
      zones.zone(GVA).clock().advance(Duration.ofSeconds(40));
      String oldest = "kms_replication_oldest_unacknowledged_seconds{zone=\"de-fra-1\"} ";
      eventually(
          "its age grows",
          () ->
              metrics(port)
                  .lines()
                  .filter(line -> line.startsWith(oldest))
                  .anyMatch(line -> Double.parseDouble(line.substring(oldest.length())) >= 40));
      zones.restart(FRA);
      eventually("acknowledged once de-fra-1 is back", () -> metrics(port).contains(inFlight(0)));
    }
  }

  private static boolean ready(int port) {
    try {
      return HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (Exception notYet) {
      return false;
    }
  }

  private static String inFlight(int count) {
    return "kms_replication_pushes_in_flight{zone=\"de-fra-1\"} " + count + ".0";
  }

  private static String metrics(int port) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode getUnchecked(int port, String path) {
    try {
      Answer answer = get(port, path);
      if (answer.status() != 200) {
        throw new IllegalStateException(answer.status() + " " + answer.body());
      }
      return answer.body();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
