package com.verenc.kms.node.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Several zones of one installation in this JVM: one node per zone, each with its own H2 database,
 * one Pekko cluster across them (the first zone is the seed), one shared master key.
 */
public final class TestZones implements AutoCloseable {
  private final Map<String, TestNode> nodes = new LinkedHashMap<>();
  private final List<software.amazon.awssdk.services.kms.KmsClient> clients = new ArrayList<>();
  private final Map<String, Map<String, Object>> configs = new HashMap<>();
  private final Path dir;

  private final Map<String, Object> common;

  private TestZones(Path dir, Map<String, Object> common) {
    this.dir = dir;
    this.common = common;
  }

  private String seed;

  /** Starts one node per zone and waits until every node is Up in the cluster. */
  public static TestZones start(Path dir, List<String> zones) {
    return start(dir, zones, Map.of());
  }

  /** As {@link #start(Path, List)}, with {@code common} added to every node's configuration. */
  public static TestZones start(Path dir, List<String> zones, Map<String, Object> common) {
    TestZones z = new TestZones(dir, common);
    try {
      for (String zone : zones) {
        z.startNode(zone, zones);
      }
      z.awaitMembers(zones.size());
      return z;
    } catch (RuntimeException e) {
      z.close();
      throw e;
    }
  }

  /**
   * Adds a zone to the running installation: its node knows {@code allZones}, the nodes already
   * running keep the zone list they started with (as in a rolling change).
   */
  public TestNode add(String zone, List<String> allZones) {
    startNode(zone, allZones);
    awaitMembers(nodes.size());
    return nodes.get(zone);
  }

  private void startNode(String zone, List<String> zones) {
    int remotePort = freePort();
    Map<String, Object> config = new HashMap<>(common);
    config.put("kms.zone", zone);
    config.put("kms.zones", String.join(",", zones));
    config.put("kms.remote.port", remotePort);
    config.put("kms.remote.seed-nodes", seed == null ? "" : seed);
    config.put("kms.master-key-file", dir.resolve("master.key").toString());
    config.put("kms.replication.push-timeout", "1s");
    config.put("kms.replication.max-backoff", "1s");
    configs.put(zone, config);
    nodes.put(zone, TestNode.start(TestDatabase.h2(dir.resolve(zone)), config));
    if (seed == null) {
      seed = "127.0.0.1:" + remotePort;
    }
  }

  public TestNode zone(String zone) {
    return nodes.get(zone);
  }

  /** An AWS SDK client for the zone's node (dev account), closed with the zones. */
  public software.amazon.awssdk.services.kms.KmsClient client(String zone) {
    var client = nodes.get(zone).client();
    clients.add(client);
    return client;
  }

  /** Stops one zone's node; its database stays. */
  public void stop(String zone) {
    nodes.remove(zone).close();
  }

  /** Changes a zone's configuration for its next {@link #restart} (e.g. another master key). */
  public void reconfigure(String zone, Map<String, Object> changes) {
    configs.get(zone).putAll(changes);
  }

  /** Starts a stopped zone again on its own database and waits for it to be Up. */
  public void restart(String zone) {
    nodes.put(zone, TestNode.start(TestDatabase.h2(dir.resolve(zone)), configs.get(zone)));
    awaitMembers(nodes.size());
  }

  private void awaitMembers(int count) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    for (TestNode node : nodes.values()) {
      Cluster cluster = Cluster.get(node.node().system());
      while (upMembers(cluster) < count) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException(
              "cluster did not reach " + count + " Up members: " + cluster.state());
        }
        sleep(100);
      }
    }
  }

  private static int upMembers(Cluster cluster) {
    int up = 0;
    for (var member : cluster.state().getMembers()) {
      if (member.status() == MemberStatus.up()) {
        up++;
      }
    }
    return up;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    clients.forEach(software.amazon.awssdk.services.kms.KmsClient::close);
    clients.clear();
    List<TestNode> reversed = new ArrayList<>(nodes.values());
    java.util.Collections.reverse(reversed);
    for (TestNode node : reversed) {
      node.close();
    }
    nodes.clear();
  }
}
