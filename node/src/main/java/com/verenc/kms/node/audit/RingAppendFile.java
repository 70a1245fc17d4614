package com.verenc.kms.node.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An audit file appended to through the directory's ring ({@link AuditRing}): {@link #append}
 * copies records into the ring (with the trail's lock held), and the writer thread moves them into
 * the file ({@link #flushing}, without that lock). When the ring is full, the appending request
 * moves them itself first. Once the file could not take them (a full disk), appends fail, with
 * nothing of their lines in the ring, until a move succeeds again: answered records must not pile
 * up where an fsync does not reach them.
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
   * Whether a move into the file failed since the last one that wrote: appends move first
   * themselves, and fail when they cannot.
   */
  private volatile boolean moveFailed;

  /**
   * Whether the file may hold bytes after its records (of a forced append given up) that could not
   * be cut off yet: the next move cuts them first. Guarded by {@link #moving}.
   */
  private boolean tailToCut;

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
   * Appends the lines in order: in the ring (or, longer than it, in the file) when this returns,
   * which a {@code kill -9} does not lose. On failure nothing of them is appended.
   */
  void append(List<byte[]> lines) throws IOException {
    long total = 0;
    for (byte[] line : lines) {
      total += line.length;
    }
    if (total > ring.capacity()) {
      appendPastRing(lines);
      return;
    }
    if (moveFailed || size + total - inFile > ring.capacity()) {
      moveToFile(size);
    }
    long at = size;
    try {
      for (byte[] line : lines) {
        ring.put(at, line);
        at += line.length;
      }
    } catch (InternalError fault) {
      // A page of the ring the file system could not back (AuditRing allocates them all).
      throw new IOException("the audit ring could not take a record: " + fault.getMessage(), fault);
    }
    size = at;
    ring.publishEnd(size);
  }

  /**
   * Appends the lines, moves every record into the file and forces it to disk; on failure nothing
   * of them is appended, in the ring or in the file.
   */
  void appendAndForce(List<byte[]> lines) throws IOException {
    long before = size;
    append(lines);
    try {
      moveToFile(size);
      channel.force(false);
    } catch (IOException e) {
      size = before;
      ring.publishEnd(before);
      moving.lock();
      try {
        inFile = Math.min(inFile, before);
        // A part of them may be in the file: cut off, so that no line of them stays after the
        // records a shorter next batch writes over them.
        tailToCut = true;
        moveFailed = true;
        cutTail();
      } catch (IOException stillThere) {
        // The next move cuts it before it writes; until then appends fail.
      } finally {
        moving.unlock();
      }
      throw e;
    }
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

  /**
   * Moves every record into the file, forces it to disk and closes it. When that fails, the file
   * stays open, its records in the ring, for a later close.
   */
  void close() throws IOException {
    moveToFile(size);
    channel.truncate(size);
    channel.force(true);
    ring.holdNothing();
    try {
      channel.close();
    } catch (IOException afterForce) {
      // Every record is in the file and on disk: nothing is left to do with it.
    }
  }

  /**
   * Writes lines longer than the ring straight into the file after the ring's records (an
   * encryption context can make a record larger than the ring; a {@code kill -9} after the write
   * still finds them in the file). A write that fails part-way is cut off before the next move.
   */
  private void appendPastRing(List<byte[]> lines) throws IOException {
    moving.lock();
    try {
      moveToFile(size);
      long at = size;
      try {
        for (byte[] line : lines) {
          ByteBuffer bytes = ByteBuffer.wrap(line);
          while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
          }
        }
      } catch (IOException e) {
        moveFailed = true;
        tailToCut = true;
        try {
          // Lines of them may be whole in the file: cut off now, so that a kill -9 before the next
          // move does not leave records of requests that were refused.
          cutTail();
        } catch (IOException stillThere) {
          // The next move cuts them before it writes; until then appends fail.
        }
        throw e;
      }
      size = at;
      inFile = at;
      moveFailed = false;
    } finally {
      moving.unlock();
    }
    ring.publishEnd(size);
  }

  private void cutTail() throws IOException {
    channel.truncate(inFile);
    tailToCut = false;
  }

  private void moveToFile(long end) throws IOException {
    moving.lock();
    try {
      if (tailToCut) {
        cutTail();
      }
      long from = inFile;
      if (end > from) {
        ring.writeTo(channel, from, end);
        inFile = end;
        // Only a write that worked says the file takes records again.
        moveFailed = false;
      }
    } catch (ClosedChannelException closed) {
      throw closed;
    } catch (IOException e) {
      moveFailed = true;
      throw e;
    } finally {
      moving.unlock();
    }
  }
}
