package com.verenc.kms.node.cluster;

import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * One zone on a shared PostgreSQL database grows from 1 to 3 nodes and shrinks back to 1 (graceful
 * leave, shards handed off) under a steady light load that must see no failed request; readiness,
 * liveness and /kms/cluster are checked at every step.
 */
class ZoneScalingTest {
  @TempDir Path dir;

  /** The load: Encrypt on one node, Decrypt on another, and now and then a CreateKey, paced. */
  private static final class SteadyLoad implements Runnable {
    private final Map<TestNode, KmsClient> pool = new LinkedHashMap<>();
    private final List<String> keys = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    /** Requests that took longer than a second: what, when, how long (for a failure's reader). */
    private final List<String> slow = new ArrayList<>();

    private final AtomicBoolean running = new AtomicBoolean(true);
    private int requests;

    synchronized void add(TestNode node) {
      pool.put(node, node.client());
    }

    /**
     * Takes a node out of rotation (like a load balancer would) before it leaves; waits for the
     * request on it.
     */
    synchronized void remove(TestNode node) {
      pool.remove(node).close();
    }

    synchronized int requests() {
      return requests;
    }

    synchronized List<String> failures() {
      return List.copyOf(failures);
    }

    synchronized List<String> slow() {
      return List.copyOf(slow);
    }

    private <T> T timed(String what, Supplier<T> request) {
      long start = System.nanoTime();
      try {
        return request.get();
      } finally {
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (millis > 1000) {
          slow.add(what + " at " + Instant.now() + " took " + millis + " ms");
        }
      }
    }

    @Override
    public void run() {
      while (running.get()) {
        step();
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    private synchronized void step() {
      List<KmsClient> clients = new ArrayList<>(pool.values());
      var random = ThreadLocalRandom.current();
      KmsClient a = clients.get(random.nextInt(clients.size()));
      KmsClient b = clients.get(random.nextInt(clients.size()));
      try {
        if (keys.isEmpty() || requests % 25 == 0) {
          requests++;
          keys.add(
              timed("CreateKey", () -> a.createKey(r -> r.description("scaling")))
                  .keyMetadata()
                  .keyId());
          return;
        }
        String keyId = keys.get(random.nextInt(keys.size()));
        byte[] plaintext = new byte[32];
        random.nextBytes(plaintext);
        requests++;
        SdkBytes blob =
            timed(
                    "Encrypt " + keyId,
                    () ->
                        a.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromByteArray(plaintext))))
                .ciphertextBlob();
        requests++;
        byte[] back =
            timed("Decrypt " + keyId, () -> b.decrypt(r -> r.ciphertextBlob(blob)))
                .plaintext()
                .asByteArray();
        if (!Arrays.equals(plaintext, back)) {
          failures.add("decrypt of " + keyId + " returned other bytes");
        }
      } catch (RuntimeException e) {
        failures.add(e.getClass().getSimpleName() + " at " + Instant.now() + ": " + e.getMessage());
      }
    }
  }

  @Test
  void zoneScalesFromOneToThreeNodesAndBackWithoutAFailedRequest() throws Exception {
    TestDatabase database = TestDatabase.freshPostgres(dir.resolve("data"));
    List<TestNode> nodes = new ArrayList<>();
    SteadyLoad load = new SteadyLoad();
    Thread loadThread = new Thread(load, "steady-load");
    try {
      int seedPort = freePort();
      String seed = "127.0.0.1:" + seedPort;
      TestNode first = startNode(database, seedPort, "");
      nodes.add(first);
      awaitHealthy(first, 1);
      // The account's first request on a node just started (its directory and first key shard
      // started, the journal's first writes, the code still cold) is not what this test measures,
      // and on a busy machine it may take longer than the node waits for an entity: made before
      // the load starts.
      try (KmsClient warmUp = first.client()) {
        eventually(
            "the zone creates a key",
            () -> warmUp.createKey(r -> r.description("warm-up")).keyMetadata().keyId());
      }
      load.add(first);
      loadThread.start();
      eventually("load running", () -> load.requests() > 20);

      for (int size = 2; size <= 3; size++) {
        step("node " + size + " joins");
        TestNode joined = startNode(database, freePort(), seed);
        nodes.add(joined);
        for (TestNode node : nodes) {
          awaitHealthy(node, size);
        }
        load.add(joined);
        int before = load.requests();
        eventually("load continues on " + size + " nodes", () -> load.requests() > before + 50);
      }
      // New nodes get shards: the coordinator rebalances onto them or places new keys there.
      eventually(
          "every member hosts key shards",
          () -> {
            JsonNode members = clusterStatus(first).path("zones").path(0).path("members");
            for (JsonNode member : members) {
              if (member.path("shards").path("Key").path("shards").asInt() == 0) {
                return false;
              }
            }
            return members.size() == 3;
          });

      while (nodes.size() > 1) {
        TestNode leaving = nodes.remove(nodes.size() - 1);
        load.remove(leaving);
        step("node " + (nodes.size() + 1) + " leaves");
        leaving.close();
        for (TestNode node : nodes) {
          awaitHealthy(node, nodes.size());
        }
        int before = load.requests();
        eventually(
            "load continues on " + nodes.size() + " nodes", () -> load.requests() > before + 50);
      }
      JsonNode alone = clusterStatus(first).path("zones").path(0).path("members");
      assertEquals(1, alone.size(), alone.toString());
      assertTrue(
          alone.path(0).path("shards").path("Key").path("entities").asInt() >= 1, alone.toString());

      load.running.set(false);
      loadThread.join(30_000);
      System.out.println(
          "ZoneScalingTest: "
              + load.requests()
              + " requests through 1 -> 3 -> 1 nodes, "
              + load.failures().size()
              + " failed; slower than 1 s: "
              + load.slow());
      assertEquals(List.of(), load.failures());
      assertTrue(load.requests() > 300, "requests made: " + load.requests());
    } finally {
      load.running.set(false);
      loadThread.join(30_000);
      for (TestNode node : nodes) {
        node.close();
      }
      database.drop();
    }
  }

  /** Marks a step in the output, so that a slow request's time can be placed. */
  private static void step(String what) {
    System.out.println("ZoneScalingTest: " + what + " at " + Instant.now());
  }

  private TestNode startNode(TestDatabase database, int remotePort, String seed) {
    return TestNode.start(
        database,
        Map.of(
            "kms.remote.port",
            remotePort,
            "kms.remote.seed-nodes",
            seed,
            "kms.management.port",
            0,
            "kms.master-key-file",
            dir.resolve("master.key").toString()));
  }

  /** /alive and /ready answer 200 and the node sees {@code members} Up members of its zone. */
  private static void awaitHealthy(TestNode node, int members) {
    int port = node.node().managementPort().orElseThrow();
    eventually(
        "node healthy with " + members + " members",
        () -> {
          if (get(port, "/alive").statusCode() != 200 || get(port, "/ready").statusCode() != 200) {
            return false;
          }
          JsonNode zone = clusterStatus(node).path("zones").path(0).path("members");
          int up = 0;
          for (JsonNode member : zone) {
            if (member.path("status").asText().equals("Up")
                && member.path("reachable").asBoolean()) {
              up++;
            }
          }
          return zone.size() == members && up == members;
        });
  }

  private static JsonNode clusterStatus(TestNode node) {
    try {
      return new ObjectMapper()
          .readTree(get(node.node().managementPort().orElseThrow(), "/kms/cluster").body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> get(int port, String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
