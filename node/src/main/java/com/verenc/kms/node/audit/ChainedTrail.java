package com.verenc.kms.node.audit;

import com.verenc.kms.node.config.AuditSettings;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail as one hash chain per node. With {@code durability = fsync}, and on the database
 * sink, one writer thread writes in batches: requests hand over their record's members and wait;
 * the writer takes every record waiting, chains and seals them, writes them with one call and one
 * fsync (one transaction), and then releases their requests together. On the file sink with {@code
 * durability = write} the request's own thread chains and writes its record under the chain's lock
 * (a copy into the directory's ring, no system call, no fsync), so the answer goes out without a
 * hop to another thread and back (docs/performance.md, "The audit trail"); the writer thread then
 * moves the records into the file every few milliseconds and forces it to disk every {@code
 * fsync-interval}, both without the lock, so that requests go on writing meanwhile. Signature
 * records follow every {@code sign-every} records, {@code sign-interval} after the first record no
 * signature covers, at the end of every file and at close.
 */
final class ChainedTrail implements AuditTrail {
  private static final Logger log = LoggerFactory.getLogger(ChainedTrail.class);
  private static final int MAX_BATCH = 1024;
  private static final long IDLE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** A record waiting for the writer; {@code members} null only for the close marker. */
  private record Pending(Instant time, JsonBytes members, CompletableFuture<Void> written) {}

  private static final Pending CLOSE = new Pending(Instant.EPOCH, null, null);

  /** Wakes the writer when a request wrote the first record since its last flush. */
  private static final Pending WAKE = new Pending(Instant.EPOCH, null, null);

  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final AuditSink sink;
  private final ChainHead head;
  private final AuditJson json;
  private final Clock clock;
  private final AuditSettings settings;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;

  /** Whether requests write their own records (file sink, durability write). */
  private final boolean direct;

  private volatile boolean closing;
  private volatile boolean stopped;

  /** Guards the chain's head, the sink and the fields below. */
  private final ReentrantLock lock = new ReentrantLock();

  private long unsignedSinceNanos;
  private final FlushSchedule flushes;
  private boolean failing;

  /** Whether a flush failed (logged once, until a flush that also forced works again). */
  private boolean flushFailing;

  /** Whether the flush taken last also forces the sink to disk. */
  private boolean forcedLast;

  private ChainedTrail(
      AuditSink sink, ChainHead head, AuditJson json, Clock clock, AuditSettings settings) {
    this.sink = sink;
    this.head = head;
    this.json = json;
    this.clock = clock;
    this.settings = settings;
    this.flushes = new FlushSchedule(settings.fsyncInterval(), System.nanoTime());
    this.direct =
        sink instanceof FileSink && settings.durability() == AuditSettings.Durability.WRITE;
    this.writer = new Thread(this::run, "kms-audit-writer");
    writer.setDaemon(true);
  }

  /**
   * Resumes the sink's chain, records the node's start in it and starts the writer.
   *
   * @param head the chain's head as {@code end} leaves it
   * @throws IOException when the start record cannot be written
   */
  static ChainedTrail start(
      AuditSink sink,
      Optional<ChainEnd> end,
      ChainHead head,
      AuditJson json,
      Clock clock,
      AuditSettings settings)
      throws IOException {
    ChainedTrail trail = new ChainedTrail(sink, head, json, clock, settings);
    Instant now = clock.instant();
    String previousRun = end.map(e -> e.signed() ? "shutdown" : "crash").orElse("new");
    trail.rotateIfDue(now);
    trail.unsignedSinceNanos = System.nanoTime();
    trail.writeChained(
        List.of(head.start(now, previousRun, end.map(ChainEnd::discardedBytes).orElse(0L))));
    trail.writer.start();
    return trail;
  }

  @Override
  public AuditDraft draft(
      String requestId, String operation, long startNanos, String sourceIp, String userAgent) {
    return new AuditDraft(clock.instant(), startNanos, requestId, operation, sourceIp, userAgent);
  }

  @Override
  public boolean recording() {
    return true;
  }

  @Override
  public CompletionStage<Void> append(AuditRecord record) {
    if (direct) {
      return writeNow(new Pending(record.time(), json.request(record), null));
    }
    Pending pending = new Pending(record.time(), json.request(record), new CompletableFuture<>());
    if (closing) {
      pending.written().completeExceptionally(closedFailure());
      return pending.written();
    }
    queue.add(pending);
    if (stopped) {
      // The writer stopped after this request looked: nothing will write the record.
      failLeftovers();
    }
    return pending.written();
  }

  /** Writes a record on the caller's thread: done when the call returns. */
  private CompletionStage<Void> writeNow(Pending pending) {
    lock.lock();
    try {
      if (closing) {
        return CompletableFuture.failedFuture(closedFailure());
      }
      boolean wake = flushes.idle();
      writeRecords(List.of(pending), clock.instant());
      if (wake) {
        queue.add(WAKE);
      }
      return DONE;
    } catch (AuditUnavailableException e) {
      return CompletableFuture.failedFuture(e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes what is waiting, a closing signature, forces and closes the sink; requests recorded
   * after this fail. Waits at most {@code timeout} for the writer.
   */
  void close(Duration timeout) {
    closing = true;
    queue.add(CLOSE);
    try {
      writer.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer.isAlive()) {
      log.error("The audit writer did not finish within {}; records may be missing", timeout);
    }
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    try {
      while (true) {
        Pending first = queue.poll(waitNanos(), TimeUnit.NANOSECONDS);
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, MAX_BATCH - 1);
        }
        batch.removeIf(p -> p == WAKE);
        boolean closeSeen = batch.remove(CLOSE);
        Instant now = clock.instant();
        AuditSink.Forcing forcing;
        lock.lock();
        try {
          if (!batch.isEmpty()) {
            writeBatch(batch, now);
            batch.clear();
          }
          forcing = signAndTakeFlushingWhenDue(now);
        } finally {
          lock.unlock();
        }
        force(forcing);
        if (closeSeen || (closing && queue.isEmpty())) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      log.error("The audit writer failed; requests are refused from now on", e);
    } finally {
      stopped = true;
      closing = true;
      failLeftovers();
      lock.lock();
      try {
        closeSink();
      } finally {
        lock.unlock();
      }
    }
  }

  /** How long the writer may sleep before a signature, a flush or an fsync is due. */
  private long waitNanos() {
    lock.lock();
    try {
      return untilDue();
    } finally {
      lock.unlock();
    }
  }

  private long untilDue() {
    long now = System.nanoTime();
    long wait = IDLE_WAIT_NANOS;
    if (head.unsigned() > 0) {
      wait = Math.min(wait, unsignedSinceNanos + settings.signInterval().toNanos() - now);
    }
    return Math.max(flushes.untilDue(now, wait), 0);
  }

  private void writeBatch(List<Pending> batch, Instant now) {
    try {
      writeRecords(batch, now);
    } catch (AuditUnavailableException failure) {
      batch.forEach(p -> p.written().completeExceptionally(failure));
      return;
    }
    batch.forEach(p -> p.written().complete(null));
  }

  /**
   * Chains, seals and writes records, with the lock held; on failure nothing of them is written and
   * the chain's head is where it was.
   */
  private void writeRecords(List<Pending> records, Instant now) {
    try {
      rotateIfDue(now);
      ChainHead.Mark mark = head.mark();
      List<AuditSink.Line> lines = new ArrayList<>(records.size() + 1);
      for (Pending pending : records) {
        if (head.unsigned() == 0) {
          unsignedSinceNanos = System.nanoTime();
        }
        lines.add(head.request(pending.time(), pending.members()));
        if (head.unsigned() >= settings.signEvery()) {
          lines.add(head.signature(now));
        }
      }
      try {
        writeChained(lines);
      } catch (IOException e) {
        head.reset(mark);
        throw e;
      }
    } catch (IOException e) {
      if (!failing) {
        log.error(
            "Cannot write audit records to {}: requests are answered KMSInternalException until "
                + "it works again",
            sink.describe(),
            e);
        failing = true;
      }
      throw new AuditUnavailableException(
          "the audit trail could not be written: " + e.getMessage(), e);
    }
    if (failing) {
      log.warn("Audit records are written to {} again", sink.describe());
      failing = false;
    }
  }

  /** Closes the current file with a signature when it is full or of another day. */
  private void rotateIfDue(Instant now) throws IOException {
    if (!sink.rotationDue(now)) {
      return;
    }
    if (head.unsigned() > 0) {
      signNow(now);
    }
    sink.rotate();
  }

  private void signNow(Instant now) throws IOException {
    ChainHead.Mark mark = head.mark();
    try {
      writeChained(List.of(head.signature(now)));
    } catch (IOException e) {
      head.reset(mark);
      throw e;
    }
  }

  /** Writes chained lines, forcing them to disk first with {@code durability = fsync}. */
  private void writeChained(List<AuditSink.Line> lines) throws IOException {
    boolean fsync = settings.durability() == AuditSettings.Durability.FSYNC;
    sink.write(lines, fsync);
    if (fsync) {
      flushes.forcedWithWrite(System.nanoTime());
    } else {
      flushes.written(lines.size());
    }
  }

  /**
   * Writes a signature when one is due, and takes what flushes the sink (and forces it to disk)
   * when that is due, with the lock held; the caller flushes after releasing it.
   */
  private AuditSink.Forcing signAndTakeFlushingWhenDue(Instant now) {
    long nanos = System.nanoTime();
    forcedLast = false;
    try {
      if (head.unsigned() > 0
          && (closing || nanos - unsignedSinceNanos >= settings.signInterval().toNanos())) {
        signNow(now);
      }
    } catch (IOException e) {
      log.warn("Cannot sign the audit trail in {}: {}", sink.describe(), e.toString());
    }
    FlushSchedule.Due due = flushes.take(nanos, closing);
    if (due == FlushSchedule.Due.NOTHING) {
      return AuditSink.NOTHING_TO_FORCE;
    }
    forcedLast = due == FlushSchedule.Due.MOVE_AND_FORCE;
    return sink.flushing(forcedLast);
  }

  /**
   * Forces without the lock: requests on the file sink write their records under it, and an fsync
   * of a second's records held them all (the node's p99 and throughput with audit on showed it).
   */
  private void force(AuditSink.Forcing forcing) {
    try {
      forcing.force();
      if (flushFailing && forcedLast) {
        log.warn("The audit trail in {} reaches its file and disk again", sink.describe());
        flushFailing = false;
      }
    } catch (IOException e) {
      if (!flushFailing) {
        log.error("Cannot write the audit trail in {} to its file or disk", sink.describe(), e);
        flushFailing = true;
      }
    }
  }

  private void failLeftovers() {
    AuditUnavailableException failure = closedFailure();
    Pending pending;
    while ((pending = queue.poll()) != null) {
      if (pending.written() != null) {
        pending.written().completeExceptionally(failure);
      }
    }
  }

  private void closeSink() {
    try {
      sink.close();
    } catch (IOException e) {
      log.warn("Cannot close the audit trail in {}: {}", sink.describe(), e.toString());
    }
  }

  private static AuditUnavailableException closedFailure() {
    return new AuditUnavailableException("the node is shutting down", null);
  }
}
