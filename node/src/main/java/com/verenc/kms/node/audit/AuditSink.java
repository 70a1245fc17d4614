package com.verenc.kms.node.audit;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the chain's lines are kept: files or the zone database. Used by the trail's writer thread
 * only.
 */
sealed interface AuditSink permits FileSink, DatabaseSink {

  /** The chain so far, read once before the first write; empty for a new chain. */
  Optional<ChainEnd> resume() throws IOException;

  /**
   * Whether the chain must move on to a new file before a record made at {@code now} (file sink:
   * another UTC day, or the file is full).
   */
  boolean rotationDue(Instant now);

  /** Closes the current file; the next {@link #write} opens a new one. */
  void rotate() throws IOException;

  /**
   * Appends lines, in order, each numbered with its sequence number; on return they are written (a
   * failure leaves none of them written).
   *
   * @param force whether they must also be on disk when this returns
   */
  void write(List<Line> lines, boolean force) throws IOException;

  /**
   * What moves the lines written so far on towards the disk, taken with the chain's lock held and
   * run without it, as the writer thread does every few milliseconds: the file sink moves them from
   * its ring into the file and, with {@code force}, forces the file to disk. An fsync lasts as long
   * as the disk takes, and requests must not wait for it to write their records. Writes after this
   * call need not be covered.
   */
  Forcing flushing(boolean force);

  /** Flushes lines; a sink that rotated or closed meanwhile has flushed them itself. */
  interface Forcing {
    void force() throws IOException;
  }

  /** For a sink whose writes are durable when they return (the database's transactions). */
  Forcing NOTHING_TO_FORCE = () -> {};

  /** Forces and closes; nothing is written after. */
  void close() throws IOException;

  /** Where the sink keeps the chain, for messages. */
  String describe();

  /** One sealed line of the chain (with its newline). */
  record Line(long seq, Instant time, byte[] bytes) {}
}
