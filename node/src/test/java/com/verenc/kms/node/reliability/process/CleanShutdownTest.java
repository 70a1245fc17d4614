package com.verenc.kms.node.reliability.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.testkit.TestDatabase;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
 * SIGTERM with clients still connected: a node process with kept-alive SDK connections, an idle
 * connection that never sent a request and one halfway through its request head stops on its own,
 * and logs no WARN or ERROR on the way out, so that an operator's alert on WARN means something.
 */
class CleanShutdownTest {
  private static final String ZONE = "ch-gva-2";
  private static final Pattern WARN_OR_ERROR = Pattern.compile("(?m)^\\S+ (WARN|ERROR) ");

  @TempDir Path dir;

  @Test
  void sigtermWithOpenConnectionsLogsNoWarning() throws Exception {
    TestDatabase database = TestDatabase.h2(dir.resolve("data"));
    Map<String, String> env = new HashMap<>(NodeProcess.environment(ZONE, database));
    // The node's own logging configuration (INFO, Pekko included), not the tests' quieter one.
    env.put("KMS_JAVA_OPTS", "-Dlogback.configurationFile=logback.xml");
    env.put("KMS_MANAGEMENT_HOST", "127.0.0.1");
    env.put("KMS_MANAGEMENT_PORT", "0");
    NodeProcess node = NodeProcess.start("clean-shutdown", env, dir);
    ExecutorService callers = Executors.newFixedThreadPool(4);
    List<Socket> idle = new ArrayList<>();
    try (node;
        KmsClient kms = ProcessClients.client(node.endpoint(), ZONE)) {
      String keyId = kms.createKey(r -> r.description("shutdown")).keyMetadata().keyId();
      // Four callers keep four kept-alive connections busy, and are still calling at SIGTERM.
      AtomicBoolean calling = new AtomicBoolean(true);
      AtomicInteger answered = new AtomicInteger();
      for (int i = 0; i < 4; i++) {
        callers.submit(() -> call(kms, keyId, calling, answered));
      }
      while (answered.get() < 200) {
        Thread.sleep(20);
      }
      // A health prober's kept-alive connection to Pekko Management.
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
      calling.set(false);

      String log = node.currentLaunchLog();
      assertTrue(log.contains("Verenc KMS node up"), log);
      // A dev node warns at start that it generated its master key and credentials; only what
      // follows the node's "up" line counts.
      String afterUp = log.substring(log.indexOf("Verenc KMS node up"));
      List<String> warnings =
          afterUp.lines().filter(line -> WARN_OR_ERROR.matcher(line + "\n").find()).toList();
      assertEquals(List.of(), warnings, "WARN/ERROR lines at shutdown:\n" + log);
    } finally {
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
}
