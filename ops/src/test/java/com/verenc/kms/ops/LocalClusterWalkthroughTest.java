package com.verenc.kms.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's two-zone walkthrough, run as written: ops/bin/local-cluster with two zones, then the
 * walkthrough's ops/bin/kms commands (ports moved to free ones), then SIGTERM to the script, after
 * which no process it started may be left.
 */
class LocalClusterWalkthroughTest {
  private static final Path ROOT = LocalClusterScript.ROOT;
  private static final String HEADING = "### Walkthrough: two zones on one machine";

  @TempDir Path dir;

  /** The walkthrough's indented code blocks, in order. */
  static List<String> walkthroughBlocks() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int start = readme.indexOf(HEADING);
    assertTrue(start >= 0, "README has no '" + HEADING + "'");
    int end = readme.indexOf("\n## ", start);
    List<String> blocks = new ArrayList<>();
    StringBuilder block = new StringBuilder();
    for (String line : readme.substring(start, end).split("\n", -1)) {
      if (line.startsWith("    ")) {
        block.append(line.substring(4)).append('\n');
      } else if (!line.isBlank() && block.length() > 0) {
        blocks.add(block.toString().strip());
        block.setLength(0);
      }
    }
    if (block.length() > 0) {
      blocks.add(block.toString().strip());
    }
    return blocks;
  }

  @Test
  void readmeWalkthroughRunsAgainstLocalCluster() throws Exception {
    List<String> blocks = walkthroughBlocks();
    assertEquals(
        2, blocks.size(), "the walkthrough has a start block and a command block: " + blocks);
    assertEquals("ops/bin/local-cluster --zones ch-gva-2,de-fra-1", blocks.get(0));

    String classpath = System.getProperty("java.class.path");
    try (LocalClusterScript cluster =
        LocalClusterScript.start(
            dir, "ch-gva-2,de-fra-1", LocalClusterScript.freeRange(2), Map.of())) {
      int http = cluster.http;
      int management = cluster.management;
      awaitReady(management, cluster);
      awaitReady(management + 1, cluster);
      cluster.awaitOutput("local-cluster: 2 node(s) up", 30);
      assertTrue(cluster.nodes().size() >= 2, "two node processes: " + cluster.nodes());

      String commands =
          blocks
              .get(1)
              .replace("ops/bin/", ROOT.resolve("ops/bin") + "/")
              .replace("127.0.0.1:4599", "127.0.0.1:" + http)
              .replace("127.0.0.1:4600", "127.0.0.1:" + (http + 1))
              .replace("127.0.0.1:8558", "127.0.0.1:" + management);
      ProcessBuilder walk =
          new ProcessBuilder("bash", "-c", "set -euo pipefail\n" + commands)
              .directory(dir.toFile())
              .redirectErrorStream(true);
      walk.environment().put("KMS_CLI_CLASSPATH", classpath);
      walk.environment().remove("KMS_ENDPOINT");
      walk.environment().remove("AWS_REGION");
      walk.environment().remove("AWS_PROFILE");
      Process run = walk.start();
      assertTrue(run.waitFor(180, TimeUnit.SECONDS), "walkthrough finished in time");
      String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, run.exitValue(), out);
      assertTrue(out.contains("hello from gva"), out);
      assertTrue(
          out.lines().anyMatch(l -> l.startsWith("MultiRegionKeyType") && l.endsWith("REPLICA")),
          out);
      assertTrue(
          out.lines().anyMatch(l -> l.matches("de-fra-1\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+")),
          "replication status row: " + out);
      assertTrue(
          out.lines().anyMatch(l -> l.matches("ch-gva-2\\s+pekko://\\S+\\s+Up\\s+yes.*")), out);
      assertTrue(
          out.lines().anyMatch(l -> l.matches("de-fra-1\\s+pekko://\\S+\\s+Up\\s+yes.*")), out);
      assertTrue(Files.exists(dir.resolve("msg.enc")));
      cluster.close();
      assertTrue(cluster.output().contains("local-cluster: stopped"), cluster.output());
      assertEquals(0, cluster.exitCode(1), "a requested stop is a success");
    }
  }

  private static void awaitReady(int managementPort, LocalClusterScript cluster) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plusSeconds(120);
    while (Instant.now().isBefore(deadline)) {
      if (!cluster.process.isAlive()) {
        throw new AssertionError("local-cluster exited: " + cluster.output());
      }
      try {
        var response =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/ready"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // the node is still starting
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "node with management port " + managementPort + " not ready: " + cluster.output());
  }
}
