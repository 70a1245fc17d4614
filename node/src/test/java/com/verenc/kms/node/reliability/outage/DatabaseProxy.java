package com.verenc.kms.node.reliability.outage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy a test puts between a node and PostgreSQL, so the database can be taken away and
 * given back: forwarding, refusing new connections (reset at once), or black-holing them (accepted,
 * never answered: what a network partition looks like to the driver).
 */
final class DatabaseProxy implements AutoCloseable {
  /** What happens to a connection made to the proxy. */
  enum Mode {
    FORWARD,
    REFUSE,
    BLACKHOLE
  }

  private final ServerSocket server;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile Mode mode = Mode.FORWARD;
  private volatile boolean closed;

  private DatabaseProxy(ServerSocket server, int targetPort) {
    this.server = server;
    this.targetPort = targetPort;
  }

  /** Listens on a free loopback port, forwarding to {@code targetPort} on loopback. */
  static DatabaseProxy start(int targetPort) {
    try {
      ServerSocket server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
      DatabaseProxy proxy = new DatabaseProxy(server, targetPort);
      daemon("db-proxy-accept", proxy::acceptLoop);
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return server.getLocalPort();
  }

  /** Cuts every open connection (reset) and treats new ones according to {@code down}. */
  void cut(Mode down) {
    mode = down;
    closeAll();
  }

  /** Switches how new connections are treated without touching open ones. */
  void treatNewConnections(Mode next) {
    mode = next;
  }

  /** Forwards again; black-holed connections are reset so their clients stop waiting. */
  void restore() {
    closeAll();
    mode = Mode.FORWARD;
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      switch (mode) {
        case REFUSE -> reset(client);
        case BLACKHOLE -> open.add(client);
        case FORWARD -> forward(client);
      }
    }
  }

  private void forward(Socket client) {
    Socket upstream = new Socket();
    try {
      upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
    } catch (IOException e) {
      reset(client);
      return;
    }
    open.add(client);
    open.add(upstream);
    daemon("db-proxy-up", () -> pump(client, upstream));
    daemon("db-proxy-down", () -> pump(upstream, client));
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // One side went away (or was cut): the other goes too.
    }
    reset(from);
    reset(to);
  }

  private void closeAll() {
    for (Socket socket : Set.copyOf(open)) {
      reset(socket);
    }
  }

  /** Closes with a TCP reset, as a failed network path or a killed server would. */
  private void reset(Socket socket) {
    open.remove(socket);
    try {
      socket.setSoLinger(true, 0);
    } catch (SocketException alreadyClosed) {
      // Nothing to reset.
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing is best effort: the point is that the connection is gone.
    }
  }

  private static void daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // Shutting down anyway.
    }
    closeAll();
  }
}
