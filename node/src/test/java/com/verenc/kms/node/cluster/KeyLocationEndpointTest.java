package com.verenc.kms.node.cluster;

import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.node.KmsNode;
import com.verenc.kms.node.key.KeyEntity;
import com.verenc.kms.node.testkit.TestZones;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.sharding.ClusterSharding;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.pattern.Patterns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /kms/keys/KEY_ID/location on the management port: the shard a key hashes to is the one its entity
 * really runs in, and the node named is the member hosting it, in this zone and in another.
 */
class KeyLocationEndpointTest {
  @TempDir Path dir;

  private record Answer(int status, JsonNode body) {}

  private static Answer get(int port, String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), new ObjectMapper().readTree(response.body()));
  }

  /** The shard of this node's key region whose awake entities include {@code keyId}. */
  private static String shardHolding(KmsNode node, String keyId) throws Exception {
    var region =
        ClusterSharding.get(Adapter.toClassic(node.system()))
            .shardRegion(KeyEntity.TYPE_KEY.name());
    var state =
        (ShardRegion.CurrentShardRegionState)
            Patterns.ask(region, ShardRegion.getShardRegionStateInstance(), Duration.ofSeconds(5))
                .toCompletableFuture()
                .get();
    return state.getShards().stream()
        .filter(s -> s.getEntityIds().contains(keyId))
        .map(ShardRegion.ShardState::shardId)
        .findFirst()
        .orElse(null);
  }

  private static String address(KmsNode node) {
    return Cluster.get(node.system()).selfMember().address().toString();
  }

  @Test
  void namesTheShardAndTheNodeOfAKeyInEachOfItsZones() throws Exception {
    try (TestZones zones =
        TestZones.start(dir, List.of("ch-gva-2", "de-fra-1"), Map.of("kms.management.port", 0))) {
      var gva = zones.client("ch-gva-2");
      String keyId = gva.createKey(r -> r.multiRegion(true)).keyMetadata().keyId();
      gva.replicateKey(r -> r.keyId(keyId).replicaRegion("de-fra-1"));
      KmsNode gvaNode = zones.zone("ch-gva-2").node();
      KmsNode fraNode = zones.zone("de-fra-1").node();
      int port = gvaNode.managementPort().orElseThrow();

      Answer here = get(port, "/kms/keys/" + keyId + "/location");
      assertEquals(200, here.status(), here.body().toString());
      assertEquals(keyId, here.body().path("keyId").asText());
      assertEquals("ch-gva-2", here.body().path("zone").asText());
      assertEquals(shardHolding(gvaNode, keyId), here.body().path("shard").asText());
      assertEquals(address(gvaNode), here.body().path("node").asText());
      assertTrue(here.body().path("inMemory").asBoolean(), here.body().toString());

      // An id of the same shard that no key has: the shard's node, not in memory.
      KeyLocator locator = new KeyLocator(gvaNode.system(), "ch-gva-2", Duration.ofSeconds(3));
      String neighbour = UUID.randomUUID().toString();
      while (!locator.shardOf(neighbour).equals(locator.shardOf(keyId))) {
        neighbour = UUID.randomUUID().toString();
      }
      JsonNode asleep = get(port, "/kms/keys/" + neighbour + "/location").body();
      assertEquals(address(gvaNode), asleep.path("node").asText(), asleep.toString());
      assertFalse(asleep.path("inMemory").asBoolean(true), asleep.toString());

      JsonNode there =
          eventually(
              "the replica's entity placed in de-fra-1",
              () -> {
                try {
                  JsonNode body =
                      get(port, "/kms/keys/" + keyId + "/location?zone=de-fra-1").body();
                  return body.path("node").isTextual() ? body : null;
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      assertEquals(address(fraNode), there.path("node").asText(), there.toString());
      assertEquals(here.body().path("shard").asText(), there.path("shard").asText());
      assertEquals(shardHolding(fraNode, keyId), there.path("shard").asText());

      Answer unknownZone = get(port, "/kms/keys/" + keyId + "/location?zone=xx-nowhere-1");
      assertEquals(404, unknownZone.status());
      assertTrue(
          unknownZone.body().path("message").asText().contains("ch-gva-2, de-fra-1"),
          unknownZone.body().toString());
      Answer notAnId = get(port, "/kms/keys/alias%2Fx/location");
      assertEquals(400, notAnId.status());
      assertTrue(notAnId.body().path("message").asText().contains("kms key locate"));
    }
  }
}
