package com.verenc.kms.node.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * An audit file appended to through a memory map: a record costs a copy into the page cache instead
 * of a {@code write(2)} per request, which was half of the audit trail's cost (docs/performance.md,
 * "The audit trail"). The copy is in the page cache as soon as it is made, so a {@code kill -9}
 * after the reply still finds it, as with {@code write}.
 *
 * <p>The file is grown ahead of the records by writing zeros, a window at a time, so that every
 * page the map touches has its disk blocks already (a full disk fails the growth with an {@link
 * IOException} before any record is copied, rather than faulting the copy). Between the last record
 * and the end of the file there are zero bytes until {@link #close} cuts them off; a reader of a
 * running or killed node's file ignores a run of zeros at its end ({@link TailLines#cutZeroTail},
 * {@code kms audit verify}).
 */
final class MappedAppendFile {
  /** The size of a mapped window; windows start at multiples of it, and the file grows by it. */
  static final int WINDOW = 4 << 20;

  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20).asReadOnlyBuffer();

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
  void append(List<byte[]> lines, long total) throws IOException {
    growTo(size + total);
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
  }

  /** Forces the records to disk (and the file's length, after it grew). */
  void force() throws IOException {
    // fsync(2) writes back the pages dirtied through the map too: they are the file's page cache.
    channel.force(grownSinceForce);
    grownSinceForce = false;
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
    // Up to the end of the window holding the last byte: a window is mapped only where the file
    // is allocated, as mapping beyond the end would extend it sparsely.
    long target = (needed + WINDOW - 1) / WINDOW * WINDOW;
    long from = allocated;
    try {
      while (allocated < target) {
        ByteBuffer zeros = ZEROS.duplicate();
        zeros.limit((int) Math.min(zeros.capacity(), target - allocated));
        allocated += channel.write(zeros, allocated);
      }
    } catch (IOException e) {
      allocated = from;
      channel.truncate(Math.max(from, size));
      throw e;
    }
    grownSinceForce = true;
  }

  private void map(long at) throws IOException {
    windowStart = at - (at % WINDOW);
    window = channel.map(FileChannel.MapMode.READ_WRITE, windowStart, WINDOW);
  }
}
