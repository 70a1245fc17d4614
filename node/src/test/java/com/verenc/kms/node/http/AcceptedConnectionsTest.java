package com.verenc.kms.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.io.Tcp;
import org.apache.pekko.stream.BindFailedException;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The batch-accepting listener serves every connection of a burst, also with budgets smaller than
 * the burst; unbinding stops new connections while open ones go on; a taken port fails the bind as
 * Pekko's own bind does.
 */
@Timeout(60)
class AcceptedConnectionsTest {
  private static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("accepted-connections");
  }

  @AfterAll
  static void stop() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** Binds an upper-casing echo on a free loopback port. */
  private static AcceptedConnections.Binding bind(int port, int batch) throws Exception {
    return Source.fromGraph(
            new AcceptedConnections(
                Tcp.get(system).manager(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                100,
                List.of(),
                batch,
                Duration.ofSeconds(5)))
        .toMat(
            Sink.foreach(
                connection ->
                    connection
                        .flow()
                        .join(
                            Flow.of(ByteString.class)
                                .map(
                                    bytes ->
                                        ByteString.fromString(bytes.utf8String().toUpperCase())))
                        .run(system)),
            Keep.left())
        .run(system)
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  private static String exchange(Socket socket, String message) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(message.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    byte[] answer = new byte[message.length()];
    int read = 0;
    while (read < answer.length) {
      int n = in.read(answer, read, answer.length - read);
      if (n < 0) {
        throw new IOException("closed after " + read + " bytes");
      }
      read += n;
    }
    return new String(answer, StandardCharsets.US_ASCII);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 256})
  void everyConnectionOfABurstIsServed(int batch) throws Exception {
    AcceptedConnections.Binding binding = bind(0, batch);
    List<Socket> sockets = new ArrayList<>();
    try {
      // Opened all before any is used: the listener has them all pending at once.
      for (int i = 0; i < 64; i++) {
        Socket socket = new Socket();
        socket.setSoTimeout(10_000);
        socket.connect(binding.localAddress(), 5_000);
        sockets.add(socket);
      }
      List<CompletableFuture<String>> answers = new ArrayList<>();
      for (int i = 0; i < sockets.size(); i++) {
        Socket socket = sockets.get(i);
        String message = "hello " + i;
        answers.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return exchange(socket, message);
                  } catch (IOException e) {
                    throw new RuntimeException(e);
                  }
                }));
      }
      for (int i = 0; i < answers.size(); i++) {
        assertEquals("HELLO " + i, answers.get(i).get(20, TimeUnit.SECONDS));
      }
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
      binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aDownstreamAtItsLimitHoldsTheNextConnectionUntilOneCloses() throws Exception {
    // At most two connections served at once, as HttpServer's mapAsyncUnordered(max-connections).
    AcceptedConnections.Binding binding =
        Source.fromGraph(
                new AcceptedConnections(
                    Tcp.get(system).manager(),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    100,
                    List.of(),
                    4,
                    Duration.ofSeconds(5)))
            .mapAsyncUnordered(
                2,
                connection ->
                    connection
                        .flow()
                        .joinMat(
                            Flow.of(ByteString.class)
                                .map(
                                    bytes ->
                                        ByteString.fromString(bytes.utf8String().toUpperCase()))
                                .watchTermination(Keep.right()),
                            Keep.right())
                        .run(system))
            .toMat(Sink.ignore(), Keep.left())
            .run(system)
            .toCompletableFuture()
            .get(10, SECONDS);
    List<Socket> sockets = List.of(connect(binding), connect(binding), connect(binding));
    try {
      // Which two are served first is not the order they connected in: connection actors send
      // their Connected concurrently.
      List<Socket> answered = new ArrayList<>();
      Socket waiting = null;
      for (Socket socket : sockets) {
        socket.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
      }
      for (Socket socket : sockets) {
        socket.setSoTimeout(1_000);
        try {
          assertEquals("PING", new String(socket.getInputStream().readNBytes(4), US_ASCII));
          answered.add(socket);
        } catch (java.net.SocketTimeoutException held) {
          waiting = socket;
        }
      }
      assertEquals(2, answered.size(), "two served at once, the third held");
      // Held longer than Pekko's default register timeout (5 s), which would reset it; the
      // node's application.conf, on this test's classpath, turns that timeout off.
      Thread.sleep(6_000);
      answered.get(0).close();
      waiting.setSoTimeout(10_000);
      // Its bytes sent while it was held are answered once it is served.
      assertEquals("PING", new String(waiting.getInputStream().readNBytes(4), US_ASCII));
      assertEquals("AGAIN", exchange(waiting, "again"));
      assertEquals("STILL", exchange(answered.get(1), "still"));
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
      binding.unbind().toCompletableFuture().get(10, SECONDS);
    }
  }

  private static Socket connect(AcceptedConnections.Binding binding) throws IOException {
    Socket socket = new Socket();
    socket.setSoTimeout(10_000);
    socket.connect(binding.localAddress(), 5_000);
    return socket;
  }

  @Test
  void unbindingRefusesNewConnectionsAndOpenOnesGoOn() throws Exception {
    AcceptedConnections.Binding binding = bind(0, 256);
    InetSocketAddress address = binding.localAddress();
    try (Socket open = new Socket()) {
      open.setSoTimeout(10_000);
      open.connect(address, 5_000);
      assertEquals("BEFORE", exchange(open, "before"));

      assertEquals(Done.getInstance(), binding.unbind().toCompletableFuture().get(10, SECONDS));
      // Unbind again: the same completed answer, no error.
      binding.unbind().toCompletableFuture().get(10, SECONDS);

      assertThrows(ConnectException.class, () -> new Socket().connect(address, 5_000));
      assertEquals("AFTER", exchange(open, "after"));
    }
  }

  @Test
  void aTakenPortFailsTheBindAsPekkosBindDoes() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      ExecutionException failed =
          assertThrows(ExecutionException.class, () -> bind(taken.getLocalPort(), 256));
      BindFailedException cause = assertInstanceOf(BindFailedException.class, failed.getCause());
      assertTrue(
          cause.getMessage().startsWith("Bind failed because of java.net.BindException: [")
              && cause.getMessage().contains(":" + taken.getLocalPort() + "]"),
          cause.getMessage());
      assertInstanceOf(java.net.BindException.class, cause.getCause());
    }
  }

  private static final TimeUnit SECONDS = TimeUnit.SECONDS;
  private static final java.nio.charset.Charset US_ASCII = StandardCharsets.US_ASCII;
}
