package com.verenc.kms.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose KMS_ZONES differ from the others' joins (it is one installation) but is reported
 * loudly: `kms cluster status` names both nodes and both zone lists and exits 4, the node that sees
 * it logs it at ERROR and counts it in kms_cluster_zone_config_mismatch. Real node processes.
 */
class ZoneSettingsMismatchTest {
  @TempDir Path dir;

  @Test
  @Timeout(600)
  void aMemberWithOtherKmsZonesIsReportedByClusterStatusLogAndMetric() throws Exception {
    LocalClusterScript.Ports ports = LocalClusterScript.Ports.free(3);
    int remote = ports.remote();
    int management = ports.management();
    // Node 1 of both layouts has the same ports: de-fra-1, started with a third zone listed.
    try (LocalClusterScript gva =
        LocalClusterScript.start(dir, "ch-gva-2,de-fra-1", ports, "0", ClusterProbe.NODE_OPTIONS)) {
      gva.awaitOutput("local-cluster: 1 node(s) up", 180);
      try (LocalClusterScript fra =
          LocalClusterScript.start(
              dir, "ch-gva-2,de-fra-1,at-vie-1", ports, "1", ClusterProbe.NODE_OPTIONS)) {
        fra.awaitOutput("local-cluster: 1 node(s) up", 180);
        ClusterProbe seenFromGva = new ClusterProbe(management);
        String fraNode = "pekko://verenc-kms@127.0.0.1:" + (remote + 1);
        CliNode.Run status =
            seenFromGva.awaitStatus(
                "cluster status names the member, Up, with other zones",
                run ->
                    run.exit() == KmsCli.CLUSTER_PROBLEM
                        && run.out().contains("ZONES DIFFER")
                        && run.out()
                            .lines()
                            .anyMatch(l -> l.matches("de-fra-1\\s+" + fraNode + "\\s+Up.*")));
        assertTrue(
            status
                .out()
                .contains(
                    "ZONES DIFFER: "
                        + fraNode
                        + " (zone de-fra-1) has KMS_ZONES at-vie-1,ch-gva-2,de-fra-1 (platform"
                        + " primary zone ch-gva-2), this node ch-gva-2,de-fra-1 (platform primary"
                        + " zone ch-gva-2); give every node the same KMS_ZONES"),
            status.out());
        assertTrue(seenFromGva.metrics().contains("kms_cluster_zone_config_mismatch 1.0"));
        assertEquals(200, seenFromGva.status("/ready"), "other zones are no reason not to serve");
        String log = Files.readString(dir.resolve("cluster/ch-gva-2-0.log"));
        assertTrue(
            log.lines()
                .anyMatch(
                    l ->
                        l.contains(" ERROR ")
                            && l.contains("Zone settings differ between members: " + fraNode)
                            && l.contains("[at-vie-1, ch-gva-2, de-fra-1]")
                            && l.contains("has [ch-gva-2, de-fra-1]")),
            "logged at ERROR with both nodes and both lists: " + log);
      }
    }
  }
}
