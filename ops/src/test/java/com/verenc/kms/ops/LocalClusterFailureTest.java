package com.verenc.kms.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
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
 * ops/bin/local-cluster when something goes wrong: a port already taken stops it before any node
 * starts, and a node that exits (while starting or later) stops the others; either way it exits
 * non-zero, says which port or node, and never claims the failed nodes are up.
 */
class LocalClusterFailureTest {
  private static final Pattern NODE_PID =
      Pattern.compile("zone de-fra-1 node 0: .*, pid (\\d+)\\)");

  @TempDir Path dir;

  @Test
  @Timeout(60)
  void aTakenPortIsNamedWithItsHolderBeforeAnyNodeStarts() throws Exception {
    int http = LocalClusterScript.freeRange(2);
    try (ServerSocket taken = new ServerSocket(http + 1, 0, InetAddress.getLoopbackAddress());
        LocalClusterScript cluster =
            LocalClusterScript.start(dir, "ch-gva-2,de-fra-1", http, Map.of())) {
      assertEquals(1, cluster.exitCode(30));
      String out = cluster.output();
      assertTrue(
          out.contains(
              "port "
                  + (http + 1)
                  + " (HTTP port of zone de-fra-1 node 0) is taken by java (pid "
                  + ProcessHandle.current().pid()
                  + ")"),
          out);
      assertFalse(Files.exists(dir.resolve("cluster")), "nothing started: " + out);
      assertFalse(out.contains("node(s) up"), out);
    }
  }

  @Test
  @Timeout(60)
  void aNodeThatCannotStartStopsTheClusterWithItsLogTail() throws Exception {
    try (LocalClusterScript cluster =
        LocalClusterScript.start(
            dir,
            "ch-gva-2,de-fra-1",
            LocalClusterScript.freeRange(2),
            Map.of("KMS_CLASSPATH", dir.resolve("no-such-build").toString()))) {
      assertEquals(1, cluster.exitCode(30));
      String out = cluster.output();
      assertTrue(
          out.contains("zone ch-gva-2 node 0 (pid ")
              && out.contains(") exited while starting with status 1; last lines of "),
          out);
      assertTrue(out.contains("    Error: Could not find or load main class"), out);
      assertFalse(out.contains("zone ch-gva-2 node 0: http://"), out);
      assertFalse(out.contains("node(s) up"), out);
      assertFalse(Files.exists(dir.resolve("cluster/de-fra-1-0.log")), "de-fra-1 not started");
    }
  }

  @Test
  @Timeout(240)
  void aNodeThatDiesAfterStartUpStopsTheOthersAndFailsTheScript() throws Exception {
    try (LocalClusterScript cluster =
        LocalClusterScript.start(
            dir, "ch-gva-2,de-fra-1", LocalClusterScript.freeRange(2), Map.of())) {
      cluster.awaitOutput("local-cluster: 2 node(s) up", 180);
      List<ProcessHandle> nodes = cluster.nodes();
      assertEquals(2, nodes.size(), "two node processes: " + nodes);
      Matcher pid = NODE_PID.matcher(cluster.output());
      assertTrue(pid.find(), cluster.output());
      ProcessHandle fra = ProcessHandle.of(Long.parseLong(pid.group(1))).orElseThrow();

      fra.destroyForcibly();

      assertEquals(1, cluster.exitCode(90));
      String out = cluster.output();
      assertTrue(
          out.contains(
              "zone de-fra-1 node 0 (pid "
                  + fra.pid()
                  + ") exited after start-up with status 137; last lines of "),
          out);
      assertTrue(out.contains("    Verenc KMS node up: zone de-fra-1"), out);
      assertTrue(out.contains("local-cluster: stopping 1 node(s)..."), out);
      assertTrue(nodes.stream().noneMatch(ProcessHandle::isAlive), "every node stopped: " + out);
    }
  }
}
