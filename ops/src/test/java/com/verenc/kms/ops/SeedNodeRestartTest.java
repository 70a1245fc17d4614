package com.verenc.kms.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's report in issue 25: local-cluster's first node restarted beside the running
 * others. With its own environment it joins the running cluster (no second cluster); started
 * without seeds it forms one of its own, which `kms cluster status` reports with exit code 4 from
 * either side while the stray node's /ready is false. Real node processes, three zones.
 */
class SeedNodeRestartTest {
  private static final String ZONES = "ch-gva-2,de-fra-1,at-vie-1";
  private static final Pattern NODE_0_PID =
      Pattern.compile("zone ch-gva-2 node 0: .*, pid (\\d+)\\)");

  @TempDir Path dir;

  @Test
  @Timeout(900)
  void aRestartedFirstSeedRejoinsAndOneStartedWithoutSeedsIsReportedAsASplit() throws Exception {
    LocalClusterScript.Ports ports = LocalClusterScript.Ports.free(3);
    int remote = ports.remote();
    int management = ports.management();
    ClusterProbe first = new ClusterProbe(management);
    ClusterProbe second = new ClusterProbe(management + 1);
    LocalClusterScript node0 = startNodes(ports, "0");
    try {
      node0.awaitOutput("local-cluster: 1 node(s) up", 180);
      try (LocalClusterScript others = startNodes(ports, "1,2")) {
        others.awaitOutput("local-cluster: 2 node(s) up", 180);
        second.awaitWhole(3);

        // Node 0 dies and is started again with the environment local-cluster gave it.
        Matcher pid = NODE_0_PID.matcher(node0.output());
        assertTrue(pid.find(), node0.output());
        ProcessHandle.of(Long.parseLong(pid.group(1))).orElseThrow().destroyForcibly();
        assertEquals(1, node0.exitCode(90), "local-cluster reports its node's death");
        node0.close();
        node0 = startNodes(ports, "0");
        node0.awaitOutput("local-cluster: 1 node(s) up", 180);
        CliNode.Run seenBySecond = second.awaitWhole(3);
        CliNode.Run seenByFirst = first.awaitWhole(3);
        assertEquals(memberLines(seenBySecond), memberLines(seenByFirst));
        assertFalse(seenBySecond.out().contains("SPLIT"), seenBySecond.out());

        // Now an operator starts it by hand with KMS_SEED_NODES empty: a cluster of its own.
        node0.close();
        Path envFile = dir.resolve("cluster/ch-gva-2-0.env");
        assertTrue(Files.readString(envFile).contains("KMS_SEED_NODES='127.0.0.1:" + remote + ","));
        try (HandStartedNode alone =
            HandStartedNode.start(
                envFile, Map.of("KMS_SEED_NODES", ""), dir.resolve("alone.log"))) {
          String stray = "pekko://verenc-kms@127.0.0.1:" + remote;
          CliNode.Run split =
              second.awaitStatus(
                  "the running cluster reports the stray node",
                  run ->
                      run.exit() == KmsCli.CLUSTER_PROBLEM
                          && run.out()
                              .contains("SPLIT: " + stray + " (zone ch-gva-2) is in another"));
          assertTrue(split.out().contains("this node's cluster has existed longer"), split.out());
          CliNode.Run outside =
              first.awaitStatus(
                  "the stray node reports itself outside",
                  run -> run.exit() == KmsCli.CLUSTER_PROBLEM && run.out().contains("OUTSIDE:"));
          assertTrue(
              outside.out().lines().anyMatch(l -> l.matches("ch-gva-2\\s+" + stray + "\\s+Up.*")),
              "Up in its own cluster: " + outside.out());
          assertTrue(
              outside.out().lines().anyMatch(l -> l.matches("de-fra-1\\s+\\(no members\\).*")),
              outside.out());
          assertEquals(500, first.status("/ready"), "the stray node is not ready");
          assertEquals(200, second.status("/ready"), "the installation stays ready");
          assertTrue(first.metrics().contains("kms_cluster_split 1.0"));
          String log = Files.readString(dir.resolve("alone.log"));
          assertTrue(
              log.lines().anyMatch(l -> l.contains(" ERROR ") && l.contains("Cluster split")),
              "logged at ERROR: " + log);
          assertTrue(alone.alive(), "a stray node keeps running; only its readiness says so");
        }
      }
    } finally {
      node0.close();
    }
  }

  private LocalClusterScript startNodes(LocalClusterScript.Ports ports, String only)
      throws Exception {
    return LocalClusterScript.start(dir, ZONES, ports, only, ClusterProbe.NODE_OPTIONS);
  }

  /** Zone, node and status of each member row of a cluster status table, in order. */
  private static List<String> memberLines(CliNode.Run run) {
    return run.out()
        .lines()
        .filter(l -> l.contains("pekko://") && !l.startsWith("Seen from"))
        .map(l -> String.join(" ", List.of(l.split("\\s+")).subList(0, 3)))
        .toList();
  }
}
