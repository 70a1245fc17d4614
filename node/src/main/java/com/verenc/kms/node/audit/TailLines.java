package com.verenc.kms.node.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The end of an audit file, read backwards: its last line, a torn line after it, and the zeros a
 * file is grown by ahead of its records.
 */
final class TailLines {
  private static final int CHUNK = 64 * 1024;

  private TailLines() {}

  /**
   * Cuts off the zero bytes at the file's end: room grown ahead of the records ({@link
   * MappedAppendFile}) that a node stopped without closing the file left behind. A record never
   * holds a zero byte.
   */
  static void cutZeroTail(FileChannel file) throws IOException {
    long end = lastBefore(file, file.size(), b -> b != 0) + 1;
    if (end < file.size()) {
      file.truncate(end);
      file.force(true);
    }
  }

  /**
   * Cuts off bytes after the file's last newline: a line the node was writing when it stopped.
   *
   * @return how many bytes were cut off
   */
  static long cutTornLine(FileChannel file) throws IOException {
    long size = file.size();
    long end = lastNewlineBefore(file, size) + 1;
    if (end < size) {
      file.truncate(end);
      file.force(true);
    }
    return size - end;
  }

  /** The file's last line, without its newline; the file ends with a newline and is not empty. */
  static byte[] lastLine(FileChannel file) throws IOException {
    long end = file.size() - 1;
    long start = lastNewlineBefore(file, end) + 1;
    ByteBuffer line = ByteBuffer.allocate(Math.toIntExact(end - start));
    while (line.hasRemaining()) {
      if (file.read(line, start + line.position()) < 0) {
        throw new IOException("the file ended while its last line was read");
      }
    }
    return line.array();
  }

  /** The position of the last newline before {@code end}, or -1 when there is none. */
  private static long lastNewlineBefore(FileChannel file, long end) throws IOException {
    return lastBefore(file, end, b -> b == '\n');
  }

  private interface BytePredicate {
    boolean test(byte b);
  }

  /** The position of the last byte before {@code end} that matches, or -1 when none does. */
  private static long lastBefore(FileChannel file, long end, BytePredicate wanted)
      throws IOException {
    long at = end;
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
    while (at > 0) {
      long from = Math.max(0, at - CHUNK);
      chunk.clear().limit((int) (at - from));
      while (chunk.hasRemaining()) {
        if (file.read(chunk, from + chunk.position()) < 0) {
          break;
        }
      }
      byte[] bytes = chunk.array();
      for (int i = chunk.position() - 1; i >= 0; i--) {
        if (wanted.test(bytes[i])) {
          return from + i;
        }
      }
      at = from;
    }
    return -1;
  }
}
