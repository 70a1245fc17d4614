package com.verenc.kms.node.reliability.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.verenc.kms.node.reliability.ReliabilitySize;
import com.verenc.kms.node.testkit.Eventually;
import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DependencyTimeoutException;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.ListKeysResponse;

/**
 * One account with many keys (500 shortened, 100,000 at full size) on PostgreSQL: how fast
 * concurrent clients create them, ListKeys walks all of them exactly once, the node restarts and
 * serves again, and idle key entities leave memory (passivation).
 */
class ManyKeysTest {
  private static final int CLIENTS = 8;

  /**
   * Short in this test so passivation can be watched; production uses 10 minutes (cluster.conf).
   */
  private static final Duration IDLE_PASSIVATION =
      ReliabilitySize.pick(Duration.ofSeconds(5), Duration.ofSeconds(30));

  private Path dir;
  private TestNode node;
  private final List<KmsClient> clients = new ArrayList<>();
  private final AtomicInteger timeouts = new AtomicInteger();

  @AfterEach
  void stopEverything() {
    clients.forEach(KmsClient::close);
    TestNode.discard(node, dir);
  }

  @Test
  void oneAccountWithManyKeysIsCreatedListedRestartedAndPassivated() throws Exception {
    // kms.reliability.scale.keys overrides the count, for a run between the two sizes.
    int keys = Integer.getInteger("kms.reliability.scale.keys", ReliabilitySize.pick(500, 100_000));
    dir = Files.createTempDirectory("kms-many-keys");
    node =
        TestNode.start(
            TestDatabase.freshPostgres(dir),
            Map.of(
                "pekko.cluster.sharding.passivation.kms-entity-strategy.idle-entity.timeout",
                IDLE_PASSIVATION.toMillis() + "ms"));
    KmsClient kms = client();
    // A cold node recovers the account directory on its first request; on a loaded machine that
    // first answer may be a DependencyTimeoutException, so wait until it serves.
    Set<String> before =
        Eventually.eventually("the node serves ListKeys", () -> listAll(kms)).ids();
    long heapBeforeMiB = EntitiesInMemory.usedHeapMiB();

    long start = System.nanoTime();
    List<String> created = createConcurrently(keys);
    double createSeconds = (System.nanoTime() - start) / 1e9;
    int entitiesAfterCreate = EntitiesInMemory.keyEntities(node.node().system());
    long heapAfterCreateMiB = EntitiesInMemory.usedHeapMiB();

    System.out.printf(
        "RELIABILITY scale size=%s db=postgresql keys=%d clients=%d create-s=%.1f create-keys-per-s=%.0f"
            + " createkey-timeouts-retried=%d heap-before-mib=%d heap-after-create-mib=%d key-entities-after-create=%d%n",
        ReliabilitySize.label(),
        keys,
        CLIENTS,
        createSeconds,
        keys / createSeconds,
        timeouts.get(),
        heapBeforeMiB,
        heapAfterCreateMiB,
        entitiesAfterCreate);

    start = System.nanoTime();
    Listing listing = listAll(kms);
    double listSeconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "RELIABILITY scale listkeys-pages=%d listkeys-s=%.2f listkeys-keys=%d listkeys-entries=%d%n",
        listing.pages(), listSeconds, listing.ids().size(), listing.entries());
    assertEquals(listing.ids().size(), listing.entries(), "ListKeys named some key twice");
    assertTrue(listing.ids().containsAll(created), "ListKeys lost acknowledged keys");
    int unacknowledged = listing.ids().size() - before.size() - keys;
    assertTrue(
        unacknowledged >= 0 && unacknowledged <= timeouts.get(),
        "ListKeys shows "
            + unacknowledged
            + " keys nobody created ("
            + timeouts.get()
            + " CreateKey timed out)");

    long passivationStart = System.nanoTime();
    int entitiesLeft = awaitPassivation();
    double passivationSeconds = (System.nanoTime() - passivationStart) / 1e9;
    long heapAfterPassivationMiB = EntitiesInMemory.usedHeapMiB();
    System.out.printf(
        "RELIABILITY scale idle-passivation-s=%d passivated-in-s=%.1f key-entities-after-passivation=%d"
            + " heap-after-passivation-mib=%d%n",
        IDLE_PASSIVATION.toSeconds(), passivationSeconds, entitiesLeft, heapAfterPassivationMiB);

    start = System.nanoTime();
    node.restart();
    long restartMillis = (System.nanoTime() - start) / 1_000_000;
    KmsClient afterRestart = client();
    String probeKey = created.get(created.size() / 2);
    Eventually.eventually(
        "an Encrypt works after the restart",
        () ->
            afterRestart.encrypt(
                b -> b.keyId(probeKey).plaintext(SdkBytes.fromUtf8String("after restart"))));
    long servingMillis = (System.nanoTime() - start) / 1_000_000;
    start = System.nanoTime();
    Listing afterRestartListing =
        Eventually.eventually("ListKeys after the restart", () -> listAll(afterRestart));
    double listAfterRestartSeconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "RELIABILITY scale restart-ms=%d serving-after-restart-ms=%d listkeys-after-restart-s=%.2f"
            + " listkeys-after-restart-keys=%d%n",
        restartMillis, servingMillis, listAfterRestartSeconds, afterRestartListing.ids().size());
    // Compared by counts and a few examples: a message listing 100,000 ids would break the report.
    Set<String> lost = new HashSet<>(listing.ids());
    lost.removeAll(afterRestartListing.ids());
    Set<String> appeared = new HashSet<>(afterRestartListing.ids());
    appeared.removeAll(listing.ids());
    assertTrue(
        lost.isEmpty() && appeared.isEmpty(),
        "after the restart ListKeys lost "
            + lost.size()
            + " keys (e.g. "
            + lost.stream().limit(3).toList()
            + ") and gained "
            + appeared.size()
            + " (e.g. "
            + appeared.stream().limit(3).toList()
            + ")");
    assertTrue(
        entitiesLeft <= 1, "idle key entities must leave memory, " + entitiesLeft + " still there");
  }

  private KmsClient client() {
    KmsClient client = node.client();
    clients.add(client);
    return client;
  }

  private List<String> createConcurrently(int keys) throws Exception {
    ConcurrentLinkedQueue<String> created = new ConcurrentLinkedQueue<>();
    AtomicInteger remaining = new AtomicInteger(keys);
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        KmsClient kms = client();
        workers.add(
            pool.submit(
                () -> {
                  while (remaining.getAndDecrement() > 0) {
                    created.add(createKey(kms));
                    int done = created.size();
                    if (done % Math.max(1, keys / 10) == 0) {
                      System.out.printf(
                          "RELIABILITY scale progress keys=%d of %d after %.0f s%n",
                          done, keys, (System.nanoTime() - start) / 1e9);
                    }
                  }
                }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(keys, created.size());
    return List.copyOf(created);
  }

  /**
   * Creates one key. A DependencyTimeoutException (the node overloaded past kms.ask-timeout) is
   * counted and retried: the key it was creating may exist or not, but it was never acknowledged.
   */
  private String createKey(KmsClient kms) {
    for (int attempt = 1; ; attempt++) {
      try {
        return kms.createKey(b -> b.description("scale")).keyMetadata().keyId();
      } catch (DependencyTimeoutException e) {
        timeouts.incrementAndGet();
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }

  /** Waits until (almost) no key entity is in memory: idle ones passivate on their own. */
  private int awaitPassivation() {
    long deadline = System.nanoTime() + IDLE_PASSIVATION.multipliedBy(4).plusSeconds(10).toNanos();
    int entities = EntitiesInMemory.keyEntities(node.node().system());
    while (entities > 1 && System.nanoTime() < deadline) {
      sleep(Duration.ofMillis(500));
      entities = EntitiesInMemory.keyEntities(node.node().system());
    }
    return entities;
  }

  /** What walking ListKeys to the end gave: distinct ids, entries seen (with repeats) and pages. */
  private record Listing(Set<String> ids, int entries, int pages) {}

  private static Listing listAll(KmsClient kms) {
    Set<String> ids = new HashSet<>();
    int entries = 0;
    int pages = 0;
    String marker = null;
    do {
      String m = marker;
      ListKeysResponse page = kms.listKeys(b -> b.limit(1000).marker(m));
      pages++;
      for (KeyListEntry entry : page.keys()) {
        ids.add(entry.keyId());
        entries++;
      }
      marker = Boolean.TRUE.equals(page.truncated()) ? page.nextMarker() : null;
      if (pages > 10_000) {
        fail("ListKeys never ended");
      }
    } while (marker != null);
    return new Listing(ids, entries, pages);
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
