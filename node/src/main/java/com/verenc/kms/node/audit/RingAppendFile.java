package com.verenc.kms.node.audit;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An audit file appended to through the directory's ring ({@link AuditRing}): {@link #append}
 * copies records into the ring (with the trail's lock held), and the writer thread moves them into
 * the file ({@link #flushing}, without that lock). When the ring is full, the appending request
 * moves them itself first; when the file cannot take them (a full disk), that append fails with
 * nothing of its lines in the ring.
 */
final class RingAppendFile {
  private final FileChannel channel;
  private final AuditRing ring;

  /** Where the records end; changed with the trail's lock held. */
  private long size;

  /**
   * How many bytes of records are in the file; the ring's bytes before it may be reused. Changed
   * with {@link #moving} held, which whoever writes the ring's bytes to the file holds throughout,
   * so that no append reuses bytes still being written.
   */
  private volatile long inFile;

  private final ReentrantLock moving = new ReentrantLock();

  /**
   * @param channel open for writing, holding {@code size} bytes of whole records and nothing after
   * @param name the file's name in its directory, which the ring records for the next start
   */
  RingAppendFile(FileChannel channel, String name, long size, AuditRing ring) {
    this.channel = channel;
    this.ring = ring;
    this.size = size;
    this.inFile = size;
    ring.holdFile(name, size);
  }

  /** The bytes of records, in the file or still in the ring. */
  long size() {
    return size;
  }

  /**
   * Appends the lines in order: in the ring when this returns, which a {@code kill -9} does not
   * lose. On failure nothing of them is appended.
   */
  void append(List<byte[]> lines) throws IOException {
    long total = 0;
    for (byte[] line : lines) {
      total += line.length;
    }
    if (total > ring.capacity()) {
      throw new IOException("audit records of " + total + " bytes do not fit the audit ring");
    }
    if (size + total - inFile > ring.capacity()) {
      moveToFile(size);
    }
    long at = size;
    for (byte[] line : lines) {
      ring.put(at, line);
      at += line.length;
    }
    size = at;
    ring.publishEnd(size);
  }

  /** Moves every record into the file and forces it to disk. */
  void force() throws IOException {
    flushing(true).force();
  }

  /**
   * What moves the records appended so far from the ring into the file, and with {@code force}
   * forces the file to disk, to run on the writer thread while appends go on. When the file was
   * closed meanwhile, {@link #close} did both, and this does nothing.
   */
  AuditSink.Forcing flushing(boolean force) {
    long end = size;
    return () -> {
      try {
        moveToFile(end);
        if (force) {
          channel.force(false);
        }
      } catch (ClosedChannelException closedMeanwhile) {
        // close() moved every record into the file and forced it.
      }
    };
  }

  /** Moves every record into the file, forces it to disk and closes it. */
  void close() throws IOException {
    try {
      moveToFile(size);
      channel.force(true);
      ring.holdNothing();
    } finally {
      channel.close();
    }
  }

  private void moveToFile(long end) throws IOException {
    moving.lock();
    try {
      long from = inFile;
      if (end > from) {
        ring.writeTo(channel, from, end);
        inFile = end;
      }
    } finally {
      moving.unlock();
    }
  }
}
