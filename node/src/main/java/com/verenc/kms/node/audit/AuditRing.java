package com.verenc.kms.node.audit;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.Set;

/**
 * Where the file sink's records wait for the writer thread to append them to the audit file: a file
 * of fixed size in the audit directory, memory-mapped once, whose pages are reused. A request's
 * record is a copy into memory already mapped, which survives a {@code kill -9} as the file's page
 * cache does; the writer appends the records to the audit file with {@code write(2)} every few
 * milliseconds. Appending through a map of the growing audit file instead cost a page fault per new
 * 4 KiB page, several microseconds a record (docs/performance.md, "The audit trail").
 *
 * <p>The ring holds the records of one audit file at a time: the record at position {@code p} of
 * that file is at {@code p % capacity} of the ring. The header names the file and where its records
 * end; whatever lies between the file's end on disk and that end is what the next start appends to
 * the file ({@link #recover}).
 */
final class AuditRing {
  static final String FILE = ".ring";

  /**
   * The ring's size: 65 ms of 630-byte records at 25,000 requests per second, 13 times what the
   * writer moves every 5 ms. A ring the CPU caches hold costs a request's copy a fraction of what a
   * 16 MiB one did (cache misses, and faults on the pages writeback had cleaned;
   * docs/performance.md).
   */
  static final int CAPACITY = 1 << 20;

  /** The largest ring a start reads (larger sizes are not a ring this code wrote). */
  private static final int MAX_CAPACITY = 1 << 30;

  private static final int HEADER = 4096;
  private static final long MAGIC = 0x4b4d5352494e4731L; // "KMSRING1"
  private static final int MAGIC_AT = 0;
  private static final int CAPACITY_AT = 8;
  private static final int END_AT = 16;
  private static final int NAME_LENGTH_AT = 24;
  private static final int NAME_AT = 28;
  private static final int MAX_NAME = 256;

  /** Release stores of the end: a record's bytes are in the ring before the end covers them. */
  private static final VarHandle LONG =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final VarHandle INT =
      MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private final MappedByteBuffer map;
  private final int capacity;

  private AuditRing(MappedByteBuffer map, int capacity) {
    this.map = map;
    this.capacity = capacity;
  }

  /**
   * Opens the ring of a directory, creating it with {@code capacity} bytes; its records stay as the
   * last run left them (a ring of another size is opened at its own: {@link #resized} replaces it
   * once they are recovered). A new ring's pages are written once, so that the file system has
   * their blocks: a page it could not back would fault in a request's copy.
   */
  static AuditRing open(Path dir, int capacity, FileAttribute<?>... attributes) throws IOException {
    return open(dir.resolve(FILE), capacity, true, attributes);
  }

  private static AuditRing open(
      Path file, int capacity, boolean keepExisting, FileAttribute<?>... attributes)
      throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            file,
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
            attributes)) {
      int existing = keepExisting ? capacityOf(channel) : 0;
      boolean usable = existing > 0;
      int size = usable ? existing : capacity;
      if (!usable) {
        allocate(channel, HEADER + (long) size);
      }
      MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, HEADER + size);
      AuditRing ring = new AuditRing(map, size);
      if (!usable) {
        ring.holdNothing();
        map.putLong(MAGIC_AT, MAGIC);
        map.putInt(CAPACITY_AT, size);
      }
      return ring;
    }
  }

  /**
   * This ring when it has {@code capacity} bytes, else a new empty ring of that size in its place;
   * called once the records this one holds are in their file.
   */
  AuditRing resized(Path dir, int capacity, FileAttribute<?>... attributes) throws IOException {
    if (capacity == this.capacity) {
      return this;
    }
    Path fresh = dir.resolve(FILE + ".new");
    Files.deleteIfExists(fresh);
    AuditRing ring = open(fresh, capacity, false, attributes);
    Files.move(
        fresh,
        dir.resolve(FILE),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    return ring;
  }

  /** The capacity of the whole ring the file holds; 0 when it holds none this run can read. */
  private static int capacityOf(FileChannel channel) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(CAPACITY_AT + Integer.BYTES);
    while (header.hasRemaining()) {
      if (channel.read(header, header.position()) < 0) {
        return 0;
      }
    }
    int capacity = header.getInt(CAPACITY_AT);
    boolean whole =
        header.getLong(MAGIC_AT) == MAGIC
            && capacity > 0
            && capacity <= MAX_CAPACITY
            && channel.size() == HEADER + (long) capacity;
    return whole ? capacity : 0;
  }

  private static void allocate(FileChannel channel, long size) throws IOException {
    channel.truncate(0);
    ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
    for (long at = 0; at < size; ) {
      zeros.clear().limit((int) Math.min(zeros.capacity(), size - at));
      at += channel.write(zeros, at);
    }
    channel.force(true);
  }

  int capacity() {
    return capacity;
  }

  /** The audit file whose records the ring holds; null when it holds none. */
  String fileName() {
    int length = (int) INT.getAcquire(map, NAME_LENGTH_AT);
    if (length <= 0 || length > MAX_NAME) {
      return null;
    }
    byte[] name = new byte[length];
    map.get(NAME_AT, name);
    return new String(name, StandardCharsets.UTF_8);
  }

  /** Where the records of {@link #fileName} end. */
  long end() {
    return (long) LONG.getAcquire(map, END_AT);
  }

  /** From now on the ring holds the records of {@code fileName}, which end at {@code end}. */
  void holdFile(String fileName, long end) {
    byte[] name = fileName.getBytes(StandardCharsets.UTF_8);
    if (name.length > MAX_NAME) {
      throw new IllegalArgumentException("audit file name too long: " + fileName);
    }
    INT.setRelease(map, NAME_LENGTH_AT, 0);
    LONG.setRelease(map, END_AT, end);
    map.put(NAME_AT, name);
    INT.setRelease(map, NAME_LENGTH_AT, name.length);
  }

  /** The ring holds no file's records (its file was closed with all of them in it). */
  void holdNothing() {
    INT.setRelease(map, NAME_LENGTH_AT, 0);
    LONG.setRelease(map, END_AT, 0L);
  }

  /** Copies a line to where position {@code at} of the file lies in the ring. */
  void put(long at, byte[] line) {
    int offset = offset(at);
    int first = Math.min(line.length, capacity - offset);
    map.put(HEADER + offset, line, 0, first);
    if (first < line.length) {
      map.put(HEADER, line, first, line.length - first);
    }
  }

  /** The records now end at {@code end}: after the copies of their bytes. */
  void publishEnd(long end) {
    LONG.setRelease(map, END_AT, end);
  }

  /** Appends the file's bytes from {@code from} to {@code to} to it, from the ring. */
  void writeTo(FileChannel file, long from, long to) throws IOException {
    long at = from;
    while (at < to) {
      int offset = offset(at);
      int length = (int) Math.min(to - at, capacity - offset);
      ByteBuffer bytes = map.slice(HEADER + offset, length);
      while (bytes.hasRemaining()) {
        at += file.write(bytes, at);
      }
    }
  }

  /** The file's bytes from {@code from} to {@code to} as the ring holds them. */
  byte[] read(long from, long to) {
    byte[] bytes = new byte[Math.toIntExact(to - from)];
    int offset = offset(from);
    int first = Math.min(bytes.length, capacity - offset);
    map.get(HEADER + offset, bytes, 0, first);
    if (first < bytes.length) {
      map.get(HEADER, bytes, first, bytes.length - first);
    }
    return bytes;
  }

  private int offset(long at) {
    return (int) (at % capacity);
  }
}
