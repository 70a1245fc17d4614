package com.verenc.kms.node.reliability.process;

import com.verenc.kms.node.testkit.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One KMS node as a real OS process started by ops/bin/kms-node and configured only through KMS_*
 * environment variables, so it can be killed with SIGKILL or frozen with SIGSTOP the way an
 * operator's machine loses it. Restarts reuse the same environment (database, data dir, remote
 * port) and append to the same log file.
 */
public final class NodeProcess implements AutoCloseable {
  private static final Pattern UP = Pattern.compile("Verenc KMS node up: [^\\n]*\\n");
  private static final Pattern HTTP = Pattern.compile("endpoint http://127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern MANAGEMENT =
      Pattern.compile("management http://127\\.0\\.0\\.1:(\\d+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  /**
   * Every node process still running; a JVM shutdown hook kills them, so even a test JVM that exits
   * without running the tests' finally blocks (System.exit, SIGTERM) leaves none behind.
   */
  private static final java.util.Set<Process> RUNNING =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () ->
                    RUNNING.forEach(
                        p -> {
                          p.descendants().forEach(ProcessHandle::destroyForcibly);
                          p.destroyForcibly();
                        }),
                "node-process-reaper"));
  }

  private final String name;
  private final Map<String, String> env;
  private final Path log;
  private Process process;
  private int httpPort;
  private Optional<Integer> managementPort = Optional.empty();
  private long startedNanos;
  private Duration lastStartTime = Duration.ZERO;

  private NodeProcess(String name, Map<String, String> env, Path log) {
    this.name = name;
    this.env = Map.copyOf(env);
    this.log = log;
  }

  /** The environment of a single node of {@code zone} on {@code database}. */
  public static Map<String, String> environment(String zone, TestDatabase database) {
    Map<String, String> env = new java.util.HashMap<>();
    Map<String, Object> config = database.config();
    env.put("KMS_ZONE", zone);
    env.put("KMS_DATA_DIR", config.get("kms.data-dir").toString());
    env.put("KMS_REMOTE_PORT", "0");
    if (config.containsKey("kms.db.url")) {
      env.put("KMS_DB_URL", config.get("kms.db.url").toString());
      env.put("KMS_DB_USER", config.get("kms.db.user").toString());
      env.put("KMS_DB_PASSWORD", config.get("kms.db.password").toString());
    }
    return env;
  }

  /**
   * The environment of one node of a zone of several sharing {@code database}: its data directory
   * under {@code dir} named for its remote port, the zone's one master key file, the seeds to join.
   */
  public static Map<String, String> zoneMemberEnvironment(
      String zone, TestDatabase database, Path dir, int remotePort, String seeds) {
    Map<String, Object> config = database.config();
    Map<String, String> env = new java.util.HashMap<>();
    env.put("KMS_ZONE", zone);
    env.put("KMS_DATA_DIR", dir.resolve("data-" + remotePort).toString());
    env.put("KMS_MASTER_KEY_FILE", dir.resolve("master.key").toString());
    env.put("KMS_DB_URL", config.get("kms.db.url").toString());
    env.put("KMS_DB_USER", config.get("kms.db.user").toString());
    env.put("KMS_DB_PASSWORD", config.get("kms.db.password").toString());
    env.put("KMS_REMOTE_PORT", Integer.toString(remotePort));
    env.put("KMS_SEED_NODES", seeds);
    return env;
  }

  /**
   * Launches a node without waiting for it (so several can boot at once); call {@link #awaitUp()}.
   * {@code env} holds the KMS_* variables; HTTP is bound to 127.0.0.1 on a port the node picks.
   */
  public static NodeProcess launch(String name, Map<String, String> env, Path logDir) {
    NodeProcess node = new NodeProcess(name, env, logDir.resolve(name + ".log"));
    node.launch();
    return node;
  }

  /** Launches and waits until the node says it is up. */
  public static NodeProcess start(String name, Map<String, String> env, Path logDir) {
    NodeProcess node = launch(name, env, logDir);
    try {
      node.awaitUp();
    } catch (RuntimeException | AssertionError e) {
      node.close();
      throw e;
    }
    return node;
  }

  private void launch() {
    Path script = repositoryRoot().resolve("ops/bin/kms-node");
    ProcessBuilder builder =
        new ProcessBuilder("bash", script.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> environment = builder.environment();
    // Nothing from the developer's shell may point the node elsewhere.
    environment.keySet().removeIf(k -> k.startsWith("KMS_"));
    environment.put("KMS_CLASSPATH", childClasspath());
    environment.put("KMS_HTTP_HOST", "127.0.0.1");
    environment.put("KMS_HTTP_PORT", "0");
    environment.putAll(env);
    // Small heaps and a quick-starting JIT: several nodes share a small test machine. Options
    // the scenario gives (KMS_JAVA_OPTS, e.g. -D overrides) come after and win.
    // Scenarios create keys and call management operations far faster than a tenant may.
    environment.put(
        "KMS_JAVA_OPTS",
        ("-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "
                + "-Dkms.quotas.create-key-requests-per-second=100000 -Dkms.quotas.management-requests-per-second=100000 "
                + env.getOrDefault("KMS_JAVA_OPTS", ""))
            .trim());
    try {
      Files.writeString(
          log,
          "\n==== " + name + " launched ====\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      startedNanos = System.nanoTime();
      Process started = builder.start();
      process = started;
      RUNNING.add(started);
      started.onExit().thenRun(() -> RUNNING.remove(started));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /**
   * Waits for this launch's "node up" line and reads the ports from it. The log is appended to
   * across restarts, so only the text after the last launch marker counts.
   */
  public NodeProcess awaitUp() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      String output = currentLaunchOutput();
      Matcher m = UP.matcher(output);
      if (m.find()) {
        String line = m.group();
        Matcher http = HTTP.matcher(line);
        if (!http.find()) {
          throw new AssertionError(name + " came up without a loopback endpoint: " + line);
        }
        httpPort = Integer.parseInt(http.group(1));
        Matcher management = MANAGEMENT.matcher(line);
        managementPort =
            management.find()
                ? Optional.of(Integer.parseInt(management.group(1)))
                : Optional.empty();
        lastStartTime = Duration.ofNanos(System.nanoTime() - startedNanos);
        return this;
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            name + " exited with status " + process.exitValue() + ":\n" + tail(output));
      }
      sleep(100);
    }
    throw new AssertionError(
        name + " did not come up within " + START_TIMEOUT + ":\n" + tail(currentLaunchOutput()));
  }

  /**
   * Waits for a node that is meant to refuse to start to exit, and returns its exit status.
   *
   * @throws AssertionError if it is still running after {@code timeout}
   */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            name + " still runs after " + timeout + ":\n" + tail(currentLaunchOutput()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return process.exitValue();
  }

  /** The output of the latest launch only. */
  public String currentLaunchLog() {
    return currentLaunchOutput();
  }

  /** Starts the node again with the same environment (after a kill) and waits until it is up. */
  public NodeProcess restart() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is still running");
    }
    launch();
    return awaitUp();
  }

  /**
   * SIGKILL: no shutdown hook, no flush, no leaving the cluster. Waits until the process is gone.
   */
  public void kill() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    awaitExit(30, "SIGKILL");
  }

  /**
   * SIGTERM, as an operator stops a node: it leaves the cluster and finishes its writes. Waits
   * until the process is gone.
   */
  public void stop() {
    process.destroy();
    awaitExit(60, "SIGTERM");
  }

  private void awaitExit(int seconds, String signal) {
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        throw new AssertionError(name + " did not exit within " + seconds + " s of " + signal);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** SIGTERM, as an operator stops a node, and waits until it has exited. */
  public void terminate() {
    signal("TERM");
    awaitExit(Duration.ofSeconds(60));
  }

  /** SIGSTOP: the process stays, holds its sockets and answers nothing, like a frozen VM. */
  public void freeze() {
    signal("STOP");
  }

  /** SIGCONT after {@link #freeze()}. */
  public void thaw() {
    signal("CONT");
  }

  /** SIGHUP: the node re-reads its credentials file. */
  public void hangUp() {
    signal("HUP");
  }

  private void signal(String signal) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
              .inheritIO()
              .start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new AssertionError("kill -" + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public String name() {
    return name;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + httpPort);
  }

  public int managementPort() {
    return managementPort.orElseThrow(
        () -> new IllegalStateException(name + " runs without management"));
  }

  /** From launching the JVM to the node's "up" line. */
  public Duration lastStartTime() {
    return lastStartTime;
  }

  /** Everything the node printed, over all its launches. */
  public String log() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String currentLaunchOutput() {
    String all = log();
    int marker = all.lastIndexOf("==== " + name + " launched ====");
    return marker < 0 ? all : all.substring(marker);
  }

  /** The last lines of the log, for a failure message. */
  public String tail() {
    return tail(log());
  }

  private static String tail(String output) {
    return output.length() <= 6000 ? output : "...\n" + output.substring(output.length() - 6000);
  }

  /** Kills the process and anything it started; safe to call twice, also while frozen. */
  @Override
  public void close() {
    if (process == null) {
      return;
    }
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The test JVM's classpath (node classes, their dependencies), so the node runs from a clean
   * checkout after `mvn test` compiled it, without the package phase's target/lib.
   */
  static String childClasspath() {
    String classpath = System.getProperty("java.class.path");
    if (classpath == null || classpath.isBlank()) {
      throw new IllegalStateException("no java.class.path to start nodes from");
    }
    return classpath;
  }

  static Path repositoryRoot() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("ops/bin/kms-node"))) {
        return p;
      }
    }
    throw new IllegalStateException("ops/bin/kms-node not found above " + dir);
  }

  /** A free TCP port on loopback, for the Pekko remote port other nodes must know in advance. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
