package com.verenc.kms.node.formation;

import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.verenc.kms.node.testkit.CapturedLog;
import com.verenc.kms.node.testkit.ManagementHttp;
import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import com.verenc.kms.node.testkit.TestZones;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes that should be one cluster and are not: a node started without seeds beside a running
 * installation that lists it forms a cluster of its own; both sides report the split, the younger
 * side turns not ready, and joining through a seed ends it. A member started with other KMS_ZONES
 * is reported by every member.
 */
class ClusterSplitDetectionTest {
  private static final String GVA = "ch-gva-2";
  private static final String FRA = "de-fra-1";

  @TempDir Path dir;

  @RegisterExtension final CapturedLog logged = CapturedLog.of(MembershipWatch.class);

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
            awaitFormation(
                fraManagement,
                "the node in its own cluster reports itself outside",
                f -> f.path("outsideItsCluster").asBoolean());
        JsonNode seenFromFra = fraSplit.path("splits").path(0);
        assertTrue(seenFromFra.path("node").asText().endsWith(":" + gvaPort), fraSplit.toString());
        assertTrue(seenFromFra.path("thisNodeIsOutside").asBoolean());
        HttpResponse<String> notReady = ManagementHttp.get(fraManagement, "/ready");
        assertEquals(500, notReady.statusCode(), notReady.body());
        // Up in a cluster of its own, database and shards fine: only its formation keeps it out.
        assertTrue(
            ManagementHttp.body(fraManagement, "/cluster/members").contains("\"status\":\"Up\""),
            "Up in its own cluster");
        assertTrue(
            ManagementHttp.body(fraManagement, "/metrics").contains("kms_cluster_split 1.0"));

        JsonNode gvaFormation =
            awaitFormation(
                gvaManagement,
                "the installation reports the split",
                f -> f.path("splits").size() == 1);
        assertFalse(gvaFormation.path("outsideItsCluster").asBoolean());
        JsonNode seenFromGva = gvaFormation.path("splits").path(0);
        assertEquals(FRA, seenFromGva.path("zone").asText());
        assertFalse(seenFromGva.path("thisNodeIsOutside").asBoolean());
        assertTrue(ready(gvaManagement));
        assertTrue(
            ManagementHttp.body(gvaManagement, "/metrics").contains("kms_cluster_split 1.0"));
        String gvaAddress = "pekko://verenc-kms@127.0.0.1:" + gvaPort;
        String fraAddress = "pekko://verenc-kms@127.0.0.1:" + fraPort;
        assertEquals(
            1,
            errorsMatching(
                e ->
                    e.startsWith("Cluster split: " + gvaAddress + " (zone ch-gva-2)")
                        && e.contains("this node " + fraAddress + " is outside")),
            "logged once by the node outside: " + logged.messages(Level.ERROR));
        assertEquals(
            1,
            errorsMatching(
                e ->
                    e.startsWith("Cluster split: " + fraAddress + " (zone de-fra-1)")
                        && e.contains("This node's cluster has existed longer")),
            "logged once by the installation: " + logged.messages(Level.ERROR));
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
        assertTrue(
            ManagementHttp.body(gvaManagement, "/metrics").contains("kms_cluster_split 0.0"));
        assertTrue(ready(gvaManagement));
      }
    }
  }

  @Test
  void aMemberWithOtherKmsZonesIsReportedByEveryMember() {
    Map<String, Object> common =
        Map.of("kms.management.port", 0, "kms.cluster.membership-check-interval", "300ms");
    try (TestZones zones = TestZones.start(dir, List.of(GVA, FRA), common)) {
      int gva = zones.zone(GVA).node().managementPort().orElseThrow();
      assertTrue(
          ManagementHttp.body(gva, "/metrics").contains("kms_cluster_zone_config_mismatch 0.0"));
      zones.add("at-vie-1", List.of(GVA, FRA, "at-vie-1"));
      int vie = zones.zone("at-vie-1").node().managementPort().orElseThrow();

      JsonNode seenFromGva =
          awaitFormation(
              gva,
              "ch-gva-2 reports the new member's zones",
              f -> f.path("zoneMismatches").size() == 1);
      JsonNode mismatch = seenFromGva.path("zoneMismatches").path(0);
      assertEquals("at-vie-1", mismatch.path("zone").asText());
      assertEquals(
          "[\"at-vie-1\",\"ch-gva-2\",\"de-fra-1\"]",
          mismatch.path("zoneSettings").path("zones").toString());
      assertEquals(
          "[\"ch-gva-2\",\"de-fra-1\"]", seenFromGva.path("zoneSettings").path("zones").toString());
      assertFalse(seenFromGva.path("outsideItsCluster").asBoolean());
      assertTrue(
          ManagementHttp.body(gva, "/metrics").contains("kms_cluster_zone_config_mismatch 1.0"));
      String vieAddress = mismatch.path("node").asText();
      assertTrue(
          errorsMatching(
                  e ->
                      e.startsWith("Zone settings differ between members: " + vieAddress)
                          && e.contains(
                              "has KMS_ZONES [at-vie-1, ch-gva-2, de-fra-1] (platform primary zone"
                                  + " ch-gva-2), this node pekko://")
                          && e.contains("has [ch-gva-2, de-fra-1] (platform primary zone"))
              > 0,
          "both nodes and both zone lists at ERROR: " + logged.messages(Level.ERROR));

      JsonNode seenFromVie =
          awaitFormation(
              vie, "the new member reports both others", f -> f.path("zoneMismatches").size() == 2);
      assertTrue(seenFromVie.path("splits").isEmpty());
      // Different zones are no reason to stop serving: every node stays ready.
      eventually("the new member is ready", () -> ready(vie));
      assertTrue(ready(gva));
    }
  }

  private long errorsMatching(Predicate<String> test) {
    return logged.messages(Level.ERROR).stream().filter(test).count();
  }

  /** The node's formation report once it passes {@code test}. */
  private static JsonNode awaitFormation(
      int managementPort, String what, Predicate<JsonNode> test) {
    return eventually(
        what,
        () -> {
          JsonNode formation = formation(managementPort);
          return test.test(formation) ? formation : null;
        });
  }

  private static JsonNode formation(int managementPort) {
    return ManagementHttp.json(ManagementHttp.body(managementPort, "/kms/cluster"))
        .path("formation");
  }

  private static boolean ready(int managementPort) {
    return ManagementHttp.get(managementPort, "/ready").statusCode() == 200;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
