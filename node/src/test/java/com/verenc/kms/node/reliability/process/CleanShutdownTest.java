package com.verenc.kms.node.reliability.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.testkit.TestDatabase;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * SIGTERM with clients still connected: a node process with kept-alive SDK connections busy at the
 * signal, an idle connection that never sent a request, one halfway through its request head and a
 * kept-alive connection to Pekko Management stops on its own, and logs no WARN or ERROR on the way
 * out; in a zone of two nodes, neither does the node that stays. An operator's alert on WARN then
 * means something.
 */
class CleanShutdownTest {
  private static final String ZONE = "ch-gva-2";
  private static final Pattern WARN_OR_ERROR = Pattern.compile("^\\S+ (WARN|ERROR) ");

  @TempDir Path dir;

  @Test
  void sigtermWithOpenConnectionsLogsNoWarning() throws Exception {
    TestDatabase database = TestDatabase.h2(dir.resolve("data"));
    Map<String, String> env = new HashMap<>(NodeProcess.environment(ZONE, database));
    env.putAll(nodeLogging());
    try (NodeProcess node = NodeProcess.start("clean-shutdown", env, dir)) {
      stopWhileConnected(node);
      assertNoWarnings(node, node.currentLaunchLog());
    }
  }

  @Test
  void sigtermOfOneNodeOfAZoneLogsNoWarningOnEitherNode() throws Exception {
    TestDatabase database = TestDatabase.freshPostgres(dir.resolve("db"));
    List<NodeProcess> nodes = new ArrayList<>();
    try {
      int[] remote = {NodeProcess.freePort(), NodeProcess.freePort()};
      String seeds = "127.0.0.1:" + remote[0] + ",127.0.0.1:" + remote[1];
      nodes.add(NodeProcess.start("staying", zoneNode(database, remote[0], seeds), dir));
      nodes.add(NodeProcess.start("leaving", zoneNode(database, remote[1], seeds), dir));
      for (NodeProcess node : nodes) {
        Await.until(
            node.name() + " ready with 2 members Up", Duration.ofSeconds(90), () -> ready(node));
      }
      NodeProcess staying = nodes.get(0);
      NodeProcess leaving = nodes.get(1);
      int stayingLogBefore = staying.currentLaunchLog().length();

      stopWhileConnected(leaving);
      Await.until(
          "staying sees leaving gone",
          Duration.ofSeconds(60),
          () -> {
            try {
              return ManagementProbe.members(staying).size() == 1;
            } catch (IOException e) {
              return false;
            }
          });
      // Whatever the staying node says about its peer's departure comes within moments.
      NodeProcess.sleep(3_000);

      assertNoWarnings(leaving, leaving.currentLaunchLog());
      assertNoWarnings(staying, staying.currentLaunchLog().substring(stayingLogBefore));
    } finally {
      nodes.forEach(NodeProcess::close);
      database.drop();
    }
  }

  /** The node's own logging configuration (INFO, Pekko included), not the tests' quieter one. */
  private static Map<String, String> nodeLogging() {
    return Map.of(
        "KMS_JAVA_OPTS",
        "-Dlogback.configurationFile=logback.xml",
        "KMS_MANAGEMENT_HOST",
        "127.0.0.1",
        "KMS_MANAGEMENT_PORT",
        "0");
  }

  private Map<String, String> zoneNode(TestDatabase database, int remotePort, String seeds) {
    Map<String, String> env = new HashMap<>(nodeLogging());
    env.putAll(NodeProcess.zoneMemberEnvironment(ZONE, database, dir, remotePort, seeds));
    return env;
  }

  private static boolean ready(NodeProcess node) {
    try {
      return ManagementProbe.ready(node)
          && ManagementProbe.members(node).stream().filter(m -> m.endsWith(" Up")).count() == 2;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Four SDK callers keep four kept-alive connections busy and are still calling at SIGTERM; an
   * idle connection, a half-sent head and a kept-alive management connection stay open. Waits for
   * exit.
   */
  private static void stopWhileConnected(NodeProcess node) throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(4);
    List<Socket> idle = new ArrayList<>();
    AtomicBoolean calling = new AtomicBoolean(true);
    try (KmsClient kms = ProcessClients.client(node.endpoint(), ZONE)) {
      String keyId = kms.createKey(r -> r.description("shutdown")).keyMetadata().keyId();
      AtomicInteger answered = new AtomicInteger();
      for (int i = 0; i < 4; i++) {
        callers.submit(() -> call(kms, keyId, calling, answered));
      }
      while (answered.get() < 200) {
        Thread.sleep(20);
      }
      HttpClient prober = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      for (String path : List.of("/alive", "/ready", "/metrics", "/ready")) {
        prober.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort() + path))
                .build(),
            HttpResponse.BodyHandlers.discarding());
      }
      idle.add(new Socket("127.0.0.1", node.endpoint().getPort()));
      Socket partial = new Socket("127.0.0.1", node.endpoint().getPort());
      OutputStream out = partial.getOutputStream();
      out.write("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      idle.add(partial);
      Thread.sleep(500);

      node.terminate();
    } finally {
      calling.set(false);
      callers.shutdownNow();
      callers.awaitTermination(30, TimeUnit.SECONDS);
      for (Socket s : idle) {
        s.close();
      }
    }
  }

  /** Encrypts and asks for a missing alias until told to stop; failures once the node stops. */
  private static Void call(
      KmsClient kms, String keyId, AtomicBoolean calling, AtomicInteger answered) {
    while (calling.get()) {
      try {
        kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x")));
        kms.describeKey(r -> r.keyId("alias/missing"));
      } catch (NotFoundException refused) {
        answered.incrementAndGet();
      } catch (SdkClientException | KmsException stopping) {
        // The node is going away: refused connections, closed connections, 503s.
      }
    }
    return null;
  }

  /**
   * No WARN or ERROR line after the node's "up" line (a dev node warns at start that it generated
   * its master key and credentials).
   */
  private static void assertNoWarnings(NodeProcess node, String log) {
    int up = log.indexOf("Verenc KMS node up");
    String checked = up < 0 ? log : log.substring(up);
    List<String> warnings =
        checked.lines().filter(line -> WARN_OR_ERROR.matcher(line).find()).toList();
    assertTrue(!node.log().isEmpty(), node.name() + " logged nothing");
    assertEquals(List.of(), warnings, node.name() + " logged WARN/ERROR:\n" + checked);
  }
}
