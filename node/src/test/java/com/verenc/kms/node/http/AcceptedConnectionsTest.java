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
}
