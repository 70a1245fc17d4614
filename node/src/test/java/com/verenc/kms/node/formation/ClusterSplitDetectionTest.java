package com.verenc.kms.node.formation;

import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import com.verenc.kms.node.testkit.TestZones;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Nodes that should be one cluster and are not: a node started without seeds beside a running
 * installation that lists it forms a cluster of its own; both sides report the split, the younger
 * side turns not ready, and joining through a seed ends it. A member started with other KMS_ZONES
 * is reported by every member.
 */
class ClusterSplitDetectionTest {
  private static final String GVA = "ch-gva-2";
  private static final String FRA = "de-fra-1";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  private final Logger logger = (Logger) LoggerFactory.getLogger(MembershipWatch.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void captureLog() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void releaseLog() {
    logger.detachAppender(logged);
  }

  /** The ERROR lines the membership watches logged, formatted. */
  private List<String> errors() {
    synchronized (logged.list) {
      return logged.list.stream()
          .filter(e -> e.getLevel() == Level.ERROR)
          .map(ILoggingEvent::getFormattedMessage)
          .toList();
    }
  }

  private Map<String, Object> config(String zone, int remotePort, String seeds) {
    Map<String, Object> config = new HashMap<>();
    config.put("kms.zone", zone);
    config.put("kms.zones", GVA + "," + FRA);
    config.put("kms.remote.port", remotePort);
    config.put("kms.remote.seed-nodes", seeds);
    config.put("kms.master-key-file", dir.resolve("master.key").toString());
    config.put("kms.management.port", 0);
    config.put("kms.cluster.membership-check-interval", "300ms");
    config.put("pekko.cluster.seed-node-timeout", "1s");
    return config;
  }

  @Test
  void aNodeFormingItsOwnClusterBesideTheInstallationIsReportedAndNotReady() {
    int gvaPort = freePort();
    int fraPort = freePort();
    String seeds = "127.0.0.1:" + gvaPort + ",127.0.0.1:" + fraPort;
    try (TestNode gva =
        TestNode.start(TestDatabase.h2(dir.resolve(GVA)), config(GVA, gvaPort, seeds))) {
      int gvaManagement = gva.node().managementPort().orElseThrow();
      eventually("the first seed formed the cluster alone", () -> ready(gvaManagement));

      // Started without seeds, as an operator restarting it with an empty KMS_SEED_NODES would.
      try (TestNode fra =
          TestNode.start(TestDatabase.h2(dir.resolve(FRA)), config(FRA, fraPort, ""))) {
        int fraManagement = fra.node().managementPort().orElseThrow();
        JsonNode fraSplit =
            eventually(
                "the node in its own cluster reports itself outside",
                () -> {
                  JsonNode formation = formation(fraManagement);
                  return formation.path("outsideItsCluster").asBoolean() ? formation : null;
                });
        JsonNode seenFromFra = fraSplit.path("splits").path(0);
        assertTrue(seenFromFra.path("node").asText().endsWith(":" + gvaPort), fraSplit.toString());
        assertTrue(seenFromFra.path("thisNodeIsOutside").asBoolean());
        HttpResponse<String> notReady = send(fraManagement, "/ready");
        assertEquals(500, notReady.statusCode(), notReady.body());
        // Up in a cluster of its own, database and shards fine: only its formation keeps it out.
        assertTrue(
            get(fraManagement, "/cluster/members").contains("\"status\":\"Up\""),
            "Up in its own cluster");
        assertTrue(get(fraManagement, "/metrics").contains("kms_cluster_split 1.0"));

        JsonNode gvaFormation =
            eventually(
                "the installation reports the split",
                () -> {
                  JsonNode formation = formation(gvaManagement);
                  return formation.path("splits").size() == 1 ? formation : null;
                });
        assertFalse(gvaFormation.path("outsideItsCluster").asBoolean());
        JsonNode seenFromGva = gvaFormation.path("splits").path(0);
        assertEquals(FRA, seenFromGva.path("zone").asText());
        assertFalse(seenFromGva.path("thisNodeIsOutside").asBoolean());
        assertEquals(200, status(gvaManagement, "/ready"));
        assertTrue(get(gvaManagement, "/metrics").contains("kms_cluster_split 1.0"));
        String gvaAddress = "pekko://verenc-kms@127.0.0.1:" + gvaPort;
        String fraAddress = "pekko://verenc-kms@127.0.0.1:" + fraPort;
        assertEquals(
            1,
            errors().stream()
                .filter(
                    e ->
                        e.startsWith("Cluster split: " + gvaAddress + " (zone ch-gva-2)")
                            && e.contains("this node " + fraAddress + " is outside"))
                .count(),
            "logged once by the node outside: " + errors());
        assertEquals(
            1,
            errors().stream()
                .filter(
                    e ->
                        e.startsWith("Cluster split: " + fraAddress + " (zone de-fra-1)")
                            && e.contains("This node's cluster has existed longer"))
                .count(),
            "logged once by the installation: " + errors());
      }

      // Restarted with the installation's seeds, it joins the running cluster: the split is over.
      try (TestNode fra =
          TestNode.start(TestDatabase.h2(dir.resolve(FRA)), config(FRA, fraPort, seeds))) {
        int fraManagement = fra.node().managementPort().orElseThrow();
        eventually("the rejoined node is ready", () -> ready(fraManagement));
        eventually(
            "no split seen from either node",
            () ->
                formation(fraManagement).path("splits").isEmpty()
                    && formation(gvaManagement).path("splits").isEmpty());
        assertTrue(get(gvaManagement, "/metrics").contains("kms_cluster_split 0.0"));
        assertEquals(200, status(gvaManagement, "/ready"));
      }
    }
  }

  @Test
  void aMemberWithOtherKmsZonesIsReportedByEveryMember() {
    Map<String, Object> common =
        Map.of("kms.management.port", 0, "kms.cluster.membership-check-interval", "300ms");
    try (TestZones zones = TestZones.start(dir, List.of(GVA, FRA), common)) {
      int gva = zones.zone(GVA).node().managementPort().orElseThrow();
      assertTrue(get(gva, "/metrics").contains("kms_cluster_zone_config_mismatch 0.0"));
      zones.add("at-vie-1", List.of(GVA, FRA, "at-vie-1"));
      int vie = zones.zone("at-vie-1").node().managementPort().orElseThrow();

      JsonNode seenFromGva =
          eventually(
              "ch-gva-2 reports the new member's zones",
              () -> {
                JsonNode formation = formation(gva);
                return formation.path("zoneMismatches").size() == 1 ? formation : null;
              });
      JsonNode mismatch = seenFromGva.path("zoneMismatches").path(0);
      assertEquals("at-vie-1", mismatch.path("zone").asText());
      assertEquals(
          "[\"at-vie-1\",\"ch-gva-2\",\"de-fra-1\"]",
          mismatch.path("zoneSettings").path("zones").toString());
      assertEquals(
          "[\"ch-gva-2\",\"de-fra-1\"]", seenFromGva.path("zoneSettings").path("zones").toString());
      assertFalse(seenFromGva.path("outsideItsCluster").asBoolean());
      assertTrue(get(gva, "/metrics").contains("kms_cluster_zone_config_mismatch 1.0"));
      String vieAddress = mismatch.path("node").asText();
      assertTrue(
          errors().stream()
              .anyMatch(
                  e ->
                      e.startsWith("Zone settings differ between members: " + vieAddress)
                          && e.contains(
                              "has KMS_ZONES [at-vie-1, ch-gva-2, de-fra-1] (platform primary zone"
                                  + " ch-gva-2), this node pekko://")
                          && e.contains("has [ch-gva-2, de-fra-1] (platform primary zone")),
          "both nodes and both zone lists at ERROR: " + errors());

      JsonNode seenFromVie =
          eventually(
              "the new member reports both others",
              () -> {
                JsonNode formation = formation(vie);
                return formation.path("zoneMismatches").size() == 2 ? formation : null;
              });
      assertTrue(seenFromVie.path("splits").isEmpty());
      // Different zones are no reason to stop serving: every node stays ready.
      eventually("the new member is ready", () -> ready(vie));
      assertEquals(200, status(gva, "/ready"));
    }
  }

  private static JsonNode formation(int managementPort) {
    try {
      return new ObjectMapper().readTree(get(managementPort, "/kms/cluster")).path("formation");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean ready(int managementPort) {
    return status(managementPort, "/ready") == 200;
  }

  private static int status(int port, String path) {
    return send(port, path).statusCode();
  }

  private static String get(int port, String path) {
    HttpResponse<String> response = send(port, path);
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }

  private static HttpResponse<String> send(int port, String path) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
