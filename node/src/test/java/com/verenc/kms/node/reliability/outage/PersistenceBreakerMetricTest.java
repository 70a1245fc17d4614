package com.verenc.kms.node.reliability.outage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.testkit.ManagementHttp;
import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DependencyTimeoutException;

/**
 * kms_persistence_circuit_breaker_open through a PostgreSQL outage (DatabaseProxy refusing every
 * connection): 0 for the journal and the snapshot store before, 1 once requests that need the
 * database have failed against it, 0 again once requests succeed after the database is back; and
 * kms_persistence_circuit_breaker_opened_total counting the openings.
 */
class PersistenceBreakerMetricTest {
  private static final String JOURNAL = "kms_persistence_circuit_breaker_open{plugin=\"journal\"}";
  private static final String SNAPSHOTS =
      "kms_persistence_circuit_breaker_open{plugin=\"snapshot-store\"}";
  private static final String JOURNAL_OPENED =
      "kms_persistence_circuit_breaker_opened_total{plugin=\"journal\"}";
  private static final String SNAPSHOTS_OPENED =
      "kms_persistence_circuit_breaker_opened_total{plugin=\"snapshot-store\"}";

  /**
   * More keys than the journal breaker's max-failures (10, persistence.conf): a write to each key
   * in memory is one journal call, and each fails after the pool's 10 s connection timeout.
   */
  private static final int WARM_KEYS = 12;

  /** New keys read the snapshot store first; its breaker opens after 5 failures. */
  private static final int NEW_KEYS = 6;

  /**
   * Failing calls take the pool's connection timeout or the breaker's call timeout (10 s each); the
   * rest is slack for a loaded 2-core CI machine.
   */
  private static final Duration OPEN_BOUND = Duration.ofSeconds(60);

  /** The breakers half-open every 5 s and close on the first call that succeeds. */
  private static final Duration CLOSE_BOUND = Duration.ofSeconds(60);

  private final List<AutoCloseable> resources = new ArrayList<>();
  private Path dir;
  private DatabaseProxy proxy;
  private TestNode node;

  /** The node stops before the proxy, so that its shutdown still reaches the database. */
  @AfterEach
  void stopEverything() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
    TestNode.discard(node, dir);
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void theBreakerGaugesShowClosedThenOpenDuringAnOutageThenClosedAfterRecovery()
      throws IOException {
    dir = Files.createTempDirectory("kms-breaker-metric");
    TestDatabase database = TestDatabase.freshPostgres(dir);
    URI direct =
        URI.create(((String) database.config().get("kms.db.url")).substring("jdbc:".length()));
    proxy = DatabaseProxy.start(direct.getPort());
    node =
        TestNode.start(
            database,
            Map.of(
                "kms.db.url",
                "jdbc:postgresql://127.0.0.1:" + proxy.port() + direct.getPath(),
                "kms.management.port",
                0));
    int port = node.node().managementPort().orElseThrow();
    KmsClient kms = node.client();
    resources.add(kms);
    List<String> warm = new ArrayList<>();
    for (int i = 0; i < WARM_KEYS; i++) {
      warm.add(createKey(kms));
    }
    assertEquals(0.0, gauge(port, JOURNAL), "journal breaker before the outage");
    assertEquals(0.0, gauge(port, SNAPSHOTS), "snapshot store breaker before the outage");
    assertEquals(0.0, gauge(port, JOURNAL_OPENED), "journal breaker openings before the outage");
    assertEquals(0.0, gauge(port, SNAPSHOTS_OPENED), "snapshot store openings before the outage");

    long cutAt = System.nanoTime();
    proxy.cut(DatabaseProxy.Mode.REFUSE);
    ExecutorService callers = Executors.newFixedThreadPool(WARM_KEYS + NEW_KEYS);
    resources.add(callers::shutdownNow);
    for (String keyId : warm) {
      callers.execute(
          () ->
              ignoringFailure(
                  () -> kms.updateKeyDescription(b -> b.keyId(keyId).description("x"))));
    }
    for (int i = 0; i < NEW_KEYS; i++) {
      callers.execute(() -> ignoringFailure(() -> kms.createKey(b -> b.description("new key"))));
    }
    awaitBoth(port, v -> v == 1.0, OPEN_BOUND, () -> {}, "both breakers open during the outage");
    long openAt = System.nanoTime();
    assertTrue(gauge(port, JOURNAL_OPENED) >= 1, "journal breaker openings counted");
    assertTrue(gauge(port, SNAPSHOTS_OPENED) >= 1, "snapshot store breaker openings counted");

    proxy.restore();
    long restoredAt = System.nanoTime();
    // A half-open breaker closes on its next call that succeeds: CreateKey reads the snapshot store
    // and writes to the journal.
    awaitBoth(
        port,
        v -> v == 0.0,
        CLOSE_BOUND,
        () -> ignoringFailure(() -> kms.createKey(b -> b.description("after the outage"))),
        "both breakers closed after the database is back");
    System.out.println(
        "RELIABILITY breaker-metric db=postgresql both-open-after-cut-ms="
            + (openAt - cutAt) / 1_000_000
            + " both-closed-after-restore-ms="
            + (System.nanoTime() - restoredAt) / 1_000_000
            + " journal-opened="
            + gauge(port, JOURNAL_OPENED)
            + " snapshot-store-opened="
            + gauge(port, SNAPSHOTS_OPENED));
  }

  /**
   * A key made before the outage. A cold node on a loaded machine may answer its first requests
   * with DependencyTimeoutException (the ask timeout), so it is asked again; a key the timed-out
   * call made anyway is only one more key.
   */
  private static String createKey(KmsClient kms) {
    long deadline = System.nanoTime() + OPEN_BOUND.toNanos();
    while (true) {
      try {
        return kms.createKey(b -> b.description("warm key")).keyMetadata().keyId();
      } catch (DependencyTimeoutException slow) {
        if (System.nanoTime() > deadline) {
          throw slow;
        }
      }
    }
  }

  /** Polls both gauges (nudging the node between polls) until both match, or fails with them. */
  private static void awaitBoth(
      int port, DoublePredicate wanted, Duration bound, Runnable nudge, String what) {
    long deadline = System.nanoTime() + bound.toNanos();
    double journal;
    double snapshots;
    do {
      journal = gauge(port, JOURNAL);
      snapshots = gauge(port, SNAPSHOTS);
      if (wanted.test(journal) && wanted.test(snapshots)) {
        return;
      }
      nudge.run();
      sleep(Duration.ofMillis(200));
    } while (System.nanoTime() < deadline);
    throw new AssertionError(
        "not within "
            + bound.toSeconds()
            + " s: "
            + what
            + "; journal "
            + journal
            + ", snapshot store "
            + snapshots);
  }

  private static double gauge(int port, String series) {
    String metrics = ManagementHttp.body(port, "/metrics");
    return metrics
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length()).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(series + " in " + metrics));
  }

  /** Calls made to make the node use the database; whether they succeed is not the point. */
  private static void ignoringFailure(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException expectedDuringTheOutage) {
      // The gauges say what the breakers made of it.
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
