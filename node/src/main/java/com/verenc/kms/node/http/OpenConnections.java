package com.verenc.kms.node.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;

/**
 * The API connections open on this node, so that shutdown can let them finish and then close them.
 */
final class OpenConnections {
  /** One open connection, as shutdown sees it. */
  interface Connection {
    /** Serve what was already asked for, take no new request, then close. */
    void finish();

    /** Close now. */
    void close();

    CompletionStage<Done> closed();
  }

  private final Set<Connection> open = ConcurrentHashMap.newKeySet();
  private final CompletableFuture<Done> allClosed = new CompletableFuture<>();
  // Once set, a connection that opens late (accepted just before unbinding) is wound down at once.
  private volatile boolean finishing;
  private volatile boolean closing;

  void opened(Connection connection) {
    open.add(connection);
    connection
        .closed()
        .whenComplete(
            (done, failure) -> {
              open.remove(connection);
              if (finishing && open.isEmpty()) {
                allClosed.complete(Done.getInstance());
              }
            });
    if (closing) {
      connection.close();
    } else if (finishing) {
      connection.finish();
    }
  }

  /** Asks every connection to finish; completes when all have closed, or after {@code deadline}. */
  CompletionStage<Done> finishAll(Duration deadline) {
    finishing = true;
    open.forEach(Connection::finish);
    if (open.isEmpty()) {
      allClosed.complete(Done.getInstance());
    }
    return allClosed
        .copy()
        .completeOnTimeout(Done.getInstance(), deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Closes every connection still open; completes when they have. */
  CompletionStage<Done> closeAll() {
    finishing = true;
    closing = true;
    open.forEach(Connection::close);
    if (open.isEmpty()) {
      allClosed.complete(Done.getInstance());
    }
    return allClosed.copy();
  }
}
