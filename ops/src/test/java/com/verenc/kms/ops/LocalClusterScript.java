package com.verenc.kms.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * ops/bin/local-cluster run as a process by a test: its output goes to a file, and closing it sends
 * SIGTERM and checks that no node process it started is left behind.
 */
final class LocalClusterScript implements AutoCloseable {
  static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("..").normalize();

  final int http;
  final int remote;
  final int management;
  final Path output;
  final Process process;
  private final List<ProcessHandle> nodes = new ArrayList<>();

  private LocalClusterScript(int http, int remote, int management, Path output, Process process) {
    this.http = http;
    this.remote = remote;
    this.management = management;
    this.output = output;
    this.process = process;
  }

  /**
   * Starts local-cluster for {@code zones} under {@code dir} with the HTTP ports from {@code
   * httpBase} and free remote and management ranges; the nodes run on this test's classpath, {@code
   * environment} adds to the script's environment.
   */
  static LocalClusterScript start(
      Path dir, String zones, int httpBase, Map<String, String> environment) throws IOException {
    return start(dir, zones, httpBase, environment, List.of());
  }

  /** As {@link #start(Path, String, int, Map)}, with more of the script's options. */
  static LocalClusterScript start(
      Path dir, String zones, int httpBase, Map<String, String> environment, List<String> options)
      throws IOException {
    int count = zones.split(",").length;
    return start(
        dir,
        zones,
        new Ports(httpBase, freeRange(count), freeRange(count)),
        "",
        environment,
        options);
  }

  /** The first HTTP, remote and management port of a layout's three ranges. */
  record Ports(int http, int remote, int management) {
    /** Three free ranges of {@code count} ports. */
    static Ports free(int count) {
      return new Ports(freeRange(count), freeRange(count), freeRange(count));
    }
  }

  /**
   * Starts local-cluster with all three port ranges given; {@code only} ("" for every node) is its
   * --only list, so several scripts can run parts of one layout.
   */
  static LocalClusterScript start(
      Path dir, String zones, Ports ports, String only, Map<String, String> environment)
      throws IOException {
    return start(dir, zones, ports, only, environment, List.of());
  }

  /** As {@link #start(Path, String, Ports, String, Map)}, with more of the script's options. */
  static LocalClusterScript start(
      Path dir,
      String zones,
      Ports ports,
      String only,
      Map<String, String> environment,
      List<String> options)
      throws IOException {
    int httpBase = ports.http();
    int remote = ports.remote();
    int management = ports.management();
    Path output = dir.resolve("local-cluster" + (only.isEmpty() ? "" : "-" + only) + ".out");
    List<String> command =
        new ArrayList<>(
            List.of(
                "bash",
                ROOT.resolve("ops/bin/local-cluster").toString(),
                "--zones",
                zones,
                "--dir",
                dir.resolve("cluster").toString(),
                "--base-port",
                String.valueOf(httpBase),
                "--remote-base-port",
                String.valueOf(remote),
                "--management-base-port",
                String.valueOf(management)));
    if (!only.isEmpty()) {
      command.addAll(List.of("--only", only));
    }
    command.addAll(options);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().put("KMS_CLASSPATH", nodeClasspath());
    builder.environment().putAll(environment);
    return new LocalClusterScript(httpBase, remote, management, output, builder.start());
  }

  /**
   * This test's classpath for node processes, without the CLI's silent SLF4J binding, so nodes log
   * through their own logback as a built node does.
   */
  static String nodeClasspath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.contains("slf4j-nop"))
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** What the script printed so far. */
  String output() throws IOException {
    return Files.readString(output);
  }

  /** The node processes the script runs now; they are checked for leftovers at close. */
  List<ProcessHandle> nodes() {
    List<ProcessHandle> now =
        process.descendants().filter(p -> p.info().command().orElse("").endsWith("java")).toList();
    now.stream().filter(p -> !nodes.contains(p)).forEach(nodes::add);
    return now;
  }

  /** The script's exit code, waiting at most {@code seconds} for it. */
  int exitCode(int seconds) throws Exception {
    assertTrue(
        process.waitFor(seconds, TimeUnit.SECONDS),
        "local-cluster still running after " + seconds + " s: " + output());
    return process.exitValue();
  }

  /** Waits until the output contains {@code text}; fails early when the script exits. */
  void awaitOutput(String text, int seconds) throws Exception {
    Instant deadline = Instant.now().plusSeconds(seconds);
    while (!output().contains(text)) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        throw new AssertionError("no '" + text + "' from local-cluster: " + output());
      }
      Thread.sleep(250);
    }
    nodes();
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    boolean exited = process.waitFor(90, TimeUnit.SECONDS);
    Instant deadline = Instant.now().plusSeconds(10);
    while (nodes.stream().anyMatch(ProcessHandle::isAlive) && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
    }
    List<ProcessHandle> left = nodes.stream().filter(ProcessHandle::isAlive).toList();
    left.forEach(ProcessHandle::destroyForcibly);
    if (!exited) {
      process.destroyForcibly();
    }
    assertTrue(exited, "local-cluster stopped on SIGTERM: " + output());
    assertTrue(left.isEmpty(), "processes left behind: " + left);
  }

  /** The first of {@code count} consecutive free loopback ports. */
  static int freeRange(int count) {
    for (int attempt = 0; attempt < 100; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(20_000, 60_000);
      if (IntStream.range(base, base + count).allMatch(LocalClusterScript::free)) {
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
