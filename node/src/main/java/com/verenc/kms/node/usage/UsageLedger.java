package com.verenc.kms.node.usage;

import com.verenc.kms.protocol.KeyReference;
import com.verenc.kms.protocol.Operation;
import com.verenc.kms.protocol.model.KmsResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last successful cryptographic use of each key this node served, kept in memory on the request
 * path and written to the zone database by {@link #flush}: a key's first use at once (at the next
 * flush), later ones at most once per {@code writeInterval}, every pending one at shutdown. A
 * failed write is logged and tried again at the next flush; it never fails a request.
 */
public final class UsageLedger {
  private static final Logger log = LoggerFactory.getLogger(UsageLedger.class);

  /** A key's last use here, and the last use of it this node wrote (null: none yet). */
  private record Entry(KeyUse latest, KeyUse written) {
    boolean dirty() {
      return latest != written;
    }
  }

  private final UsageStore store;
  private final Clock clock;
  private final Duration writeInterval;
  private final Executor blockingIo;
  private volatile CompletableFuture<Instant> trackingStart;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /**
   * @param writeInterval the least time between two writes of one key's use
   * @param blockingIo where database reads and writes run
   */
  public UsageLedger(UsageStore store, Clock clock, Duration writeInterval, Executor blockingIo) {
    this.store = store;
    this.clock = clock;
    this.writeInterval = writeInterval;
    this.blockingIo = blockingIo;
    this.trackingStart = startTracking();
  }

  /**
   * When the zone began tracking uses (a key created later is tracked from its creation). Asked of
   * the database once; again after a failure.
   */
  public CompletionStage<Instant> trackingStart() {
    CompletableFuture<Instant> start = trackingStart;
    if (start.isCompletedExceptionally()) {
      start = startTracking();
      trackingStart = start;
    }
    return start;
  }

  private CompletableFuture<Instant> startTracking() {
    Instant now = clock.instant();
    return CompletableFuture.supplyAsync(() -> store.startTracking(now), blockingIo);
  }

  /** Notes the keys a successful response used, if its operation is a tracked one. */
  public void record(Operation op, KmsResponse response, String requestId) {
    for (String keyArn : TrackedOperations.keysUsed(response)) {
      record(keyArn, new KeyUse(op.name(), clock.instant(), requestId));
    }
  }

  void record(String keyArn, KeyUse use) {
    entries.compute(
        keyArn,
        (id, entry) -> {
          if (entry == null) {
            return new Entry(use, null);
          }
          return use.isLaterThan(entry.latest()) ? new Entry(use, entry.written()) : entry;
        });
  }

  /** The key's last use in this zone: this node's, or the zone database's if that is later. */
  public CompletionStage<Optional<KeyUse>> lastUse(String keyArn) {
    Entry here = entries.get(keyArn);
    return CompletableFuture.supplyAsync(() -> store.read(keyIdOf(keyArn)), blockingIo)
        .thenApply(
            stored -> {
              if (here == null) {
                return stored;
              }
              return stored
                  .filter(s -> s.isLaterThan(here.latest()))
                  .or(() -> Optional.of(here.latest()));
            });
  }

  /**
   * Writes the uses due: never written, or written {@code writeInterval} ago and used since; with
   * {@code everything}, every use not yet written (at shutdown). Forgets keys whose last use is
   * written and older than the interval, so memory holds the keys in use, not every key ever used.
   * Runs on the caller's thread.
   */
  public void flush(boolean everything) {
    Instant now = clock.instant();
    int failed = 0;
    RuntimeException lastFailure = null;
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      Entry entry = e.getValue();
      boolean writtenLongAgo =
          entry.written() != null && !entry.written().at().plus(writeInterval).isAfter(now);
      if (!entry.dirty()) {
        if (writtenLongAgo) {
          entries.remove(e.getKey(), entry);
        }
      } else if (everything || entry.written() == null || writtenLongAgo) {
        try {
          write(e.getKey(), entry);
        } catch (RuntimeException failure) {
          failed++;
          lastFailure = failure;
        }
      }
    }
    if (failed > 0) {
      log.warn(
          "The last use of {} key(s) is not recorded in the zone database yet, to be tried again"
              + " at the next flush: {}",
          failed,
          lastFailure.getMessage());
    }
  }

  private void write(String keyArn, Entry entry) {
    store.write(keyIdOf(keyArn), entry.latest());
    entries.computeIfPresent(keyArn, (id, current) -> new Entry(current.latest(), entry.latest()));
  }

  /** Rows are by key id: a zone's database holds its own zone's keys only. */
  private static String keyIdOf(String keyArn) {
    return ((KeyReference.KeyArn) KeyReference.parse(keyArn)).keyId();
  }
}
