package com.verenc.kms.node.cluster;

import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.node.testkit.TestZones;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /kms/cluster on the management port: every zone's members, reachability and key shards, seen from
 * one node.
 */
class ClusterStatusEndpointTest {
  @TempDir Path dir;

  private static JsonNode clusterStatus(int port) {
    try {
      return new ObjectMapper().readTree(get(port, "/kms/cluster"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String get(int port, String path) {
    try {
      var response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), response.body());
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode zone(JsonNode status, String name) {
    for (JsonNode zone : status.path("zones")) {
      if (zone.path("zone").asText().equals(name)) {
        return zone;
      }
    }
    throw new AssertionError("no zone " + name + " in " + status);
  }

  @Test
  void primaryZoneReportsReplicationLagPerReplicaZone() {
    try (TestZones zones =
        TestZones.start(dir, List.of("ch-gva-2", "de-fra-1"), Map.of("kms.management.port", 0))) {
      var gva = zones.client("ch-gva-2");
      String keyId = gva.createKey(r -> r.multiRegion(true)).keyMetadata().keyId();
      gva.replicateKey(r -> r.keyId(keyId).replicaRegion("de-fra-1"));
      gva.rotateKeyOnDemand(r -> r.keyId(keyId));
      int port = zones.zone("ch-gva-2").node().managementPort().orElseThrow();
      String series =
          "kms_replication_lag_seconds_count{replica_zone=\"de-fra-1\",zone=\"ch-gva-2\"}";
      eventually(
          "lag recorded for the replica zone",
          () ->
              get(port, "/metrics")
                  .lines()
                  .anyMatch(
                      line ->
                          line.startsWith(series)
                              && Double.parseDouble(line.substring(series.length()).trim()) >= 1));
      eventually(
          "nothing pending",
          () ->
              get(port, "/metrics").contains("kms_replication_pending_keys{zone=\"ch-gva-2\"} 0"));
    }
  }

  @Test
  void showsMembersAndKeyShardsOfEveryZone() {
    try (TestZones zones =
        TestZones.start(dir, List.of("ch-gva-2", "de-fra-1"), Map.of("kms.management.port", 0))) {
      var a = zones.client("ch-gva-2");
      var b = zones.client("de-fra-1");
      for (int i = 0; i < 3; i++) {
        a.createKey(r -> r.description("in gva"));
      }
      b.createKey(r -> r.description("in fra"));
      int port = zones.zone("ch-gva-2").node().managementPort().orElseThrow();

      eventually(
          "key shards of both zones counted",
          () -> {
            JsonNode status = clusterStatus(port);
            JsonNode memberA = zone(status, "ch-gva-2").path("members").path(0);
            JsonNode memberB = zone(status, "de-fra-1").path("members").path(0);
            // Each zone also holds the account's Default Organization Key.
            return memberA.path("shards").path("Key").path("entities").asInt() >= 4
                && memberB.path("shards").path("Key").path("entities").asInt() >= 2;
          });
      JsonNode status = clusterStatus(port);
      assertEquals("ch-gva-2", status.path("selfZone").asText());
      JsonNode memberA = zone(status, "ch-gva-2").path("members").path(0);
      assertEquals("Up", memberA.path("status").asText());
      assertTrue(memberA.path("reachable").asBoolean());
      assertTrue(
          memberA.path("shards").path("AccountDirectory").path("entities").asInt() >= 1,
          memberA.toString());
      JsonNode zoneB = zone(status, "de-fra-1");
      assertEquals(1, zoneB.path("members").size());
      assertTrue(
          zoneB.path("members").path(0).path("shards").path("Key").path("shards").asInt() >= 1);
      assertEquals(0, zoneB.path("shardStatsErrors").size(), zoneB.toString());

      // The second zone stops: the first still answers at once; the zone has left, or is
      // unreachable with its counts missing.
      zones.stop("de-fra-1");
      eventually(
          "zone-b unreachable or gone",
          () -> {
            JsonNode members = zone(clusterStatus(port), "de-fra-1").path("members");
            return members.isEmpty() || !members.path(0).path("reachable").asBoolean();
          });
      long start = System.nanoTime();
      JsonNode afterStop = zone(clusterStatus(port), "de-fra-1");
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis < 10_000, "answered in " + millis + " ms");
      JsonNode members = afterStop.path("members");
      assertTrue(
          members.isEmpty() || afterStop.path("shardStatsErrors").has("Key"), afterStop.toString());
      assertEquals(1, zone(clusterStatus(port), "ch-gva-2").path("members").size());
    }
  }
}
