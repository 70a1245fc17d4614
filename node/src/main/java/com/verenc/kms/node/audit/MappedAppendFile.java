package com.verenc.kms.node.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * An audit file appended to through a memory map: a record costs a copy into the page cache instead
 * of a {@code write(2)} per request, which was half of the audit trail's cost (docs/performance.md,
 * "The audit trail"). The copy is in the page cache as soon as it is made, so a {@code kill -9}
 * after the reply still finds it, as with {@code write}.
 *
 * <p>The file is grown ahead of the records a window at a time by setting its length, not by
 * writing zeros (writing them cost more CPU than the records' own copies); the file system gives a
 * page its disk blocks when the copy first touches it. When it cannot (a full disk), the JVM turns
 * the fault into an {@link InternalError} in the copy, which {@link #append} reports as an {@link
 * IOException} with none of the lines counted: a part of a line copied before the fault stays after
 * the last record, where the next append overwrites it, or where the node's next start cuts it off
 * as a torn line. Between the last record and the end of the file there are zero bytes until {@link
 * #close} cuts them off; a reader of a running or killed node's file ignores a run of zeros at its
 * end ({@link TailLines#cutZeroTail}, {@code kms audit verify}).
 */
final class MappedAppendFile {
  /** The size of a mapped window; windows start at multiples of it, and the file grows by it. */
  static final int WINDOW = 4 << 20;

  private final FileChannel channel;
  private MappedByteBuffer window;
  private long windowStart;
  private long size;
  private long allocated;
  private boolean grownSinceForce;

  /**
   * @param channel open for reading and writing, holding {@code size} bytes of whole records and
   *     nothing after them
   */
  MappedAppendFile(FileChannel channel, long size) {
    this.channel = channel;
    this.size = size;
    this.allocated = size;
  }

  /** The bytes of records in the file. */
  long size() {
    return size;
  }

  /**
   * Appends the lines in order. On failure (the file cannot grow) nothing of them is in the file.
   */
  void append(List<byte[]> lines) throws IOException {
    long total = 0;
    for (byte[] line : lines) {
      total += line.length;
    }
    growTo(size + total);
    long start = size;
    try {
      for (byte[] line : lines) {
        int done = 0;
        while (done < line.length) {
          long at = size + done;
          if (window == null || at >= windowStart + WINDOW) {
            map(at);
          }
          int n = (int) Math.min(line.length - done, windowStart + WINDOW - at);
          window.put((int) (at - windowStart), line, done, n);
          done += n;
        }
        size += line.length;
      }
    } catch (InternalError fault) {
      size = start;
      throw new IOException(
          "the audit file cannot take more records (is its disk full?): " + fault.getMessage(),
          fault);
    }
  }

  /** Forces the records to disk (and the file's length, after it grew). */
  void force() throws IOException {
    forcing().force();
  }

  /**
   * What forces the records appended so far to disk, to run on another thread while appends go on
   * (fsync(2) writes back the pages dirtied through the map too: they are the file's page cache).
   * When the file was closed meanwhile, {@link #close} forced it, and this does nothing.
   */
  AuditSink.Forcing forcing() {
    boolean grown = grownSinceForce;
    grownSinceForce = false;
    return () -> {
      try {
        channel.force(grown);
      } catch (ClosedChannelException closedMeanwhile) {
        // close() truncated and forced the file after the last record.
      }
    };
  }

  /** Cuts the zeros after the last record off, forces the file to disk and closes it. */
  void close() throws IOException {
    try {
      window = null;
      channel.truncate(size);
      channel.force(true);
    } finally {
      channel.close();
    }
  }

  private void growTo(long needed) throws IOException {
    if (needed <= allocated) {
      return;
    }
    // Up to the end of the window holding the last byte: a window is mapped only within the
    // file, as mapping beyond its end would extend it behind this class's back.
    long target = (needed + WINDOW - 1) / WINDOW * WINDOW;
    if (channel.write(ByteBuffer.wrap(new byte[1]), target - 1) != 1) {
      throw new IOException("the audit file could not be extended");
    }
    allocated = target;
    grownSinceForce = true;
  }

  private void map(long at) throws IOException {
    windowStart = at - (at % WINDOW);
    window = channel.map(FileChannel.MapMode.READ_WRITE, windowStart, WINDOW);
  }
}
