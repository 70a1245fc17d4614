package com.verenc.kms.node.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

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
    long end = file.size();
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
    scan:
    while (end > 0) {
      long from = Math.max(0, end - CHUNK);
      chunk.clear().limit((int) (end - from));
      while (chunk.hasRemaining()) {
        if (file.read(chunk, from + chunk.position()) < 0) {
          break;
        }
      }
      byte[] bytes = chunk.array();
      for (int i = chunk.position() - 1; i >= 0; i--) {
        if (bytes[i] != 0) {
          end = from + i + 1;
          break scan;
        }
      }
      end = from;
    }
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
      byte[] bytes = Arrays.copyOf(chunk.array(), chunk.position());
      for (int i = bytes.length - 1; i >= 0; i--) {
        if (bytes[i] == '\n') {
          return from + i;
        }
      }
      at = from;
    }
    return -1;
  }
}
