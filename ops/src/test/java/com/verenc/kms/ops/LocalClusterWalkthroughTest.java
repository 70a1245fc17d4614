package com.verenc.kms.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's two-zone walkthrough, run as written: ops/bin/local-cluster with two zones, then the
 * walkthrough's ops/bin/kms commands (ports moved to free ones), then SIGTERM to the script, after
 * which no process it started may be left.
 */
class LocalClusterWalkthroughTest {
  private static final Path ROOT =
      Path.of(System.getProperty("user.dir")).resolve("..").normalize();
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

    int http = freeRange(2);
    int remote = freeRange(2);
    int management = freeRange(2);
    String classpath = System.getProperty("java.class.path");
    Path log = dir.resolve("local-cluster.out");
    ProcessBuilder cluster =
        new ProcessBuilder(
                "bash",
                ROOT.resolve("ops/bin/local-cluster").toString(),
                "--zones",
                "ch-gva-2,de-fra-1",
                "--dir",
                dir.resolve("cluster").toString(),
                "--base-port",
                String.valueOf(http),
                "--remote-base-port",
                String.valueOf(remote),
                "--management-base-port",
                String.valueOf(management))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    cluster.environment().put("KMS_CLASSPATH", classpath);
    Process script = cluster.start();
    List<ProcessHandle> started = new ArrayList<>();
    try {
      awaitReady(management, script, log);
      awaitReady(management + 1, script, log);
      started.addAll(script.descendants().toList());
      assertTrue(started.size() >= 2, "two node processes: " + started);

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
          out.lines().anyMatch(l -> l.matches("de-fra-1\\s+\\d+\\s+\\d+\\s+\\d+")),
          "replication status row: " + out);
      assertTrue(
          out.lines().anyMatch(l -> l.matches("ch-gva-2\\s+pekko://\\S+\\s+Up\\s+yes.*")), out);
      assertTrue(
          out.lines().anyMatch(l -> l.matches("de-fra-1\\s+pekko://\\S+\\s+Up\\s+yes.*")), out);
      assertTrue(Files.exists(dir.resolve("msg.enc")));
    } finally {
      script.destroy();
      boolean exited = script.waitFor(90, TimeUnit.SECONDS);
      Instant deadline = Instant.now().plusSeconds(10);
      while (started.stream().anyMatch(ProcessHandle::isAlive)
          && Instant.now().isBefore(deadline)) {
        Thread.sleep(100);
      }
      List<ProcessHandle> left = started.stream().filter(ProcessHandle::isAlive).toList();
      left.forEach(ProcessHandle::destroyForcibly);
      if (!exited) {
        script.destroyForcibly();
      }
      assertTrue(exited, "local-cluster stopped on SIGTERM");
      assertTrue(left.isEmpty(), "processes left behind: " + left);
      String output = Files.readString(log);
      assertTrue(output.contains("local-cluster: stopped"), output);
    }
  }

  private static void awaitReady(int managementPort, Process script, Path log) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plusSeconds(120);
    while (Instant.now().isBefore(deadline)) {
      if (!script.isAlive()) {
        throw new AssertionError("local-cluster exited: " + Files.readString(log));
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
        "node with management port " + managementPort + " not ready: " + Files.readString(log));
  }

  /** The first of {@code count} consecutive free loopback ports. */
  private static int freeRange(int count) {
    for (int attempt = 0; attempt < 100; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(20_000, 60_000);
      if (java.util.stream.IntStream.range(base, base + count)
          .allMatch(LocalClusterWalkthroughTest::free)) {
        return base;
      }
    }
    throw new IllegalStateException("no " + count + " consecutive free ports");
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 0, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
