package com.verenc.kms.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.node.api.RawAuth;
import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import com.verenc.kms.protocol.WireCodec;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that sends its request head slower than kms.http.head-timeout gets a 408 after the
 * answers it is still owed, and its connection closes; clients that send whole requests see no
 * difference, kept alive or pipelined; a silent connection still closes after the idle timeout.
 */
@Timeout(60)
class RequestHeadTimeoutTest {
  private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path dir;
  private static TestNode node;
  private static int port;

  @BeforeAll
  static void startNode() throws IOException {
    dir = Files.createTempDirectory("kms-head-timeout");
    node =
        TestNode.start(
            TestDatabase.h2(dir),
            Map.of(
                "kms.http.head-timeout", HEAD_TIMEOUT.toMillis() + "ms",
                "pekko.http.server.idle-timeout", IDLE_TIMEOUT.toMillis() + "ms"));
    port = node.node().httpPort();
  }

  @AfterAll
  static void stopNode() {
    TestNode.discard(node, dir);
  }

  @Test
  void aHeadSentOneLineASecondIsAnswered408AndTheConnectionCloses() throws Exception {
    try (Client client = new Client(port)) {
      long start = System.nanoTime();
      client.send("POST / HTTP/1.1\r\n");
      Thread dribble = client.dribbleHeaderLines(Duration.ofSeconds(1));
      Answer answer = client.read();
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      dribble.interrupt();

      assertEquals(408, answer.status());
      assertTrue(
          took.compareTo(HEAD_TIMEOUT.minusMillis(100)) >= 0
              && took.compareTo(HEAD_TIMEOUT.plusSeconds(2)) < 0,
          "answered after " + took.toMillis() + " ms");
      assertEquals(WireCodec.CONTENT_TYPE, answer.headers().get("content-type"));
      assertEquals("close", answer.headers().get("connection"));
      String requestId = answer.headers().get("x-amzn-requestid");
      assertTrue(
          requestId != null && requestId.matches("[0-9a-f-]{36}"), answer.headers().toString());
      JsonNode body = JSON.readTree(answer.body());
      assertEquals("RequestTimeoutException", body.get("__type").asText());
      assertTrue(
          body.get("message").asText().contains("within " + HEAD_TIMEOUT.toMillis() + " ms"),
          answer.text());
      assertTrue(body.get("message").asText().contains(requestId), answer.text());
      assertTrue(client.closedWithin(Duration.ofSeconds(2)), "connection still open after the 408");
    }
  }

  @Test
  void answersOwedForEarlierRequestsGoOutBeforeThe408() throws Exception {
    try (Client client = new Client(port)) {
      client.send(
          request("{\"NumberOfBytes\":8}")
              + request("{\"NumberOfBytes\":16}")
              + "POST / HTTP/1.1\r\n");
      Thread dribble = client.dribbleHeaderLines(Duration.ofMillis(500));
      Answer first = client.read();
      Answer second = client.read();
      Answer third = client.read();
      dribble.interrupt();

      assertEquals(200, first.status(), first.text());
      assertEquals(
          12, JSON.readTree(first.body()).get("Plaintext").asText().length(), "8 bytes in base64");
      assertEquals(200, second.status(), second.text());
      assertEquals(
          24,
          JSON.readTree(second.body()).get("Plaintext").asText().length(),
          "16 bytes in base64");
      assertEquals(408, third.status(), third.text());
      assertTrue(client.closedWithin(Duration.ofSeconds(2)), "connection still open after the 408");
    }
  }

  @Test
  void aKeptAliveConnectionServesRequestAfterRequest() throws Exception {
    try (Client client = new Client(port)) {
      for (int i = 0; i < 5; i++) {
        client.send(request("{\"NumberOfBytes\":8}"));
        Answer answer = client.read();
        assertEquals(200, answer.status(), answer.text());
        assertTrue(answer.headers().containsKey("x-amzn-requestid"));
        assertFalse(
            answer.headers().containsKey("server"),
            "Server header: " + answer.headers().get("server"));
        // Pauses between requests do not count against the head timeout.
        Thread.sleep(i == 2 ? HEAD_TIMEOUT.toMillis() + 500 : 50);
      }
    }
  }

  @Test
  void pipelinedRequestsAreAllAnsweredOnAConnectionThatStaysOpen() throws Exception {
    try (Client client = new Client(port)) {
      client.send(request("{\"NumberOfBytes\":8}") + request("{\"NumberOfBytes\":16}"));
      assertEquals(200, client.read().status());
      assertEquals(200, client.read().status());
      client.send(request("{\"NumberOfBytes\":8}"));
      assertEquals(200, client.read().status());
    }
  }

  @Test
  void aHeadSplitOverSeveralQuickWritesIsServed() throws Exception {
    try (Client client = new Client(port)) {
      String whole = request("{\"NumberOfBytes\":8}");
      for (int from = 0; from < whole.length(); from += 40) {
        client.send(whole.substring(from, Math.min(whole.length(), from + 40)));
        Thread.sleep(5);
      }
      assertEquals(200, client.read().status());
    }
  }

  @Test
  void aConnectionSilentForTheIdleTimeoutIsClosed() throws Exception {
    try (Client client = new Client(port)) {
      client.send(request("{\"NumberOfBytes\":8}"));
      assertEquals(200, client.read().status());
      long start = System.nanoTime();
      assertTrue(client.closedWithin(IDLE_TIMEOUT.plusSeconds(3)), "idle connection not closed");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(
          took.compareTo(IDLE_TIMEOUT.minusMillis(200)) >= 0,
          "closed after only " + took.toMillis() + " ms");
    }
  }

  @Test
  void stoppingTheNodeClosesItsIdleConnectionsAtOnce() throws Exception {
    Path ownDir = Files.createTempDirectory("kms-head-timeout-stop");
    TestNode stopping = TestNode.start(TestDatabase.h2(ownDir));
    try (Client client = new Client(stopping.node().httpPort())) {
      client.send(request("{\"NumberOfBytes\":8}"));
      assertEquals(200, client.read().status());
      Thread closer = new Thread(stopping::close, "node-stop");
      closer.start();
      // Well before the 10 s that requests in progress would be given.
      assertTrue(
          client.closedWithin(Duration.ofSeconds(4)), "idle connection kept open while stopping");
      closer.join(30_000);
    } finally {
      TestNode.discard(stopping, ownDir);
    }
  }

  /** A signed GenerateRandom, whole. */
  private static String request(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Host", "127.0.0.1:" + port);
    headers.put("Content-Type", WireCodec.CONTENT_TYPE);
    headers.put("X-Amz-Target", "TrentService.GenerateRandom");
    headers.putAll(
        RawAuth.signedAs("test", "test")
            .headersFor(
                URI.create("http://127.0.0.1:" + port),
                TestNode.ZONE,
                WireCodec.CONTENT_TYPE,
                "TrentService.GenerateRandom",
                bytes));
    headers.put("Content-Length", Integer.toString(bytes.length));
    StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    return head.append("\r\n").append(body).toString();
  }

  record Answer(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** One kept-alive connection read answer by answer; every wait bounded. */
  private static final class Client implements AutoCloseable {
    private final Socket socket = new Socket();
    private final OutputStream out;
    private final InputStream in;

    Client(int port) throws IOException {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(10_000);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream());
    }

    void send(String text) throws IOException {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    /** Sends one more header line every {@code interval} from another thread, until interrupted. */
    Thread dribbleHeaderLines(Duration interval) {
      Thread writer =
          new Thread(
              () -> {
                try {
                  for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                    Thread.sleep(interval.toMillis());
                    send("X-Slow-" + i + ": " + i + "\r\n");
                  }
                } catch (InterruptedException | IOException stopped) {
                  // Interrupted by the test, or the server closed the connection: either ends the
                  // dribble.
                }
              },
              "dribble");
      writer.setDaemon(true);
      writer.start();
      return writer;
    }

    Answer read() throws IOException {
      String statusLine = line();
      if (statusLine == null) {
        throw new IOException("connection closed without an answer");
      }
      int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String line = line(); line != null && !line.isEmpty(); line = line()) {
        int colon = line.indexOf(':');
        headers.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
      byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
      return new Answer(status, headers, body);
    }

    /** Whether the server closed the connection (end of stream or reset) within {@code bound}. */
    boolean closedWithin(Duration bound) throws IOException {
      socket.setSoTimeout((int) bound.toMillis());
      try {
        return in.read() < 0;
      } catch (SocketTimeoutException stillOpen) {
        return false;
      } catch (SocketException reset) {
        return true;
      }
    }

    private String line() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) >= 0) {
        if (c == '\n') {
          return line.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
        }
        line.write(c);
      }
      return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
