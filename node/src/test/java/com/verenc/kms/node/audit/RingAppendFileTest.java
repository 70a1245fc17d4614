package com.verenc.kms.node.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appending through the ring: lines across its wrap, a full ring moved into the file by the
 * appender itself, what the ring's header says for the next start, close and reopening, and a full
 * disk.
 */
class RingAppendFileTest {
  private static final int SMALL_RING = 64 * 1024;

  @TempDir Path dir;

  private static FileChannel open(Path file) throws Exception {
    return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
  }

  /** Lines of {@code length} bytes, each filled with its own letter and ending in a newline. */
  private static List<byte[]> lines(int count, int length) {
    List<byte[]> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] line = new byte[length];
      Arrays.fill(line, (byte) ('a' + i % 26));
      line[length - 1] = '\n';
      lines.add(line);
    }
    return lines;
  }

  @Test
  void linesAcrossTheRingsWrapReachTheFileWholeAndInOrder() throws Exception {
    AuditRing ring = AuditRing.open(dir, SMALL_RING);
    Path file = dir.resolve("audit.jsonl");
    RingAppendFile appender = new RingAppendFile(open(file), "audit.jsonl", 0, ring);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    // 997 does not divide the ring, so lines straddle its wrap; flushing only every tenth batch
    // (199,400 bytes) lets the ring fill, and the appender then moves the records itself.
    for (int batch = 0; batch < 200; batch++) {
      List<byte[]> lines = lines(20, 997);
      appender.append(lines);
      for (byte[] line : lines) {
        expected.write(line);
      }
      assertEquals(expected.size(), ring.end(), "the ring's header says where the records end");
      if (batch % 10 == 0) {
        appender.flushing(false).force();
      }
    }
    assertEquals(expected.size(), appender.size());
    assertEquals("audit.jsonl", ring.fileName());

    appender.close();

    assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
    assertNull(ring.fileName(), "a closed file's records are all in it: the ring holds none");
  }

  @Test
  void recordsAreInTheRingUntilTheWriterMovesThem() throws Exception {
    AuditRing ring = AuditRing.open(dir, SMALL_RING);
    Path file = dir.resolve("audit.jsonl");
    RingAppendFile appender = new RingAppendFile(open(file), "audit.jsonl", 0, ring);
    appender.append(List.of("{\"seq\":1}\n".getBytes()));

    assertEquals(0, Files.size(file));
    assertEquals("{\"seq\":1}\n", new String(AuditRing.open(dir, SMALL_RING).read(0, ring.end())));
    appender.flushing(false).force();
    assertEquals("{\"seq\":1}\n", Files.readString(file));
    appender.close();
  }

  @Test
  void aFileOpenedAgainIsAppendedToAfterItsRecords() throws Exception {
    AuditRing ring = AuditRing.open(dir, SMALL_RING);
    Path file = dir.resolve("audit.jsonl");
    Files.write(file, "{\"seq\":1}\n".getBytes());
    RingAppendFile appender = new RingAppendFile(open(file), "audit.jsonl", Files.size(file), ring);
    assertEquals(Files.size(file), ring.end());
    appender.append(List.of("{\"seq\":2}\n".getBytes()));
    appender.flushing(true).force();

    assertEquals("{\"seq\":1}\n{\"seq\":2}\n", Files.readString(file));
    appender.close();
    assertEquals("{\"seq\":1}\n{\"seq\":2}\n", Files.readString(file));
  }

  @Test
  void aFlushingTakenBeforeTheFileClosedDoesNothingAfterIt() throws Exception {
    // The trail flushes without its lock: a request may rotate (close) the file meanwhile, and the
    // ring then holds the next file's records.
    AuditRing ring = AuditRing.open(dir, SMALL_RING);
    Path file = dir.resolve("audit.jsonl");
    RingAppendFile appender = new RingAppendFile(open(file), "audit.jsonl", 0, ring);
    appender.append(lines(3, 100));
    AuditSink.Forcing flushing = appender.flushing(true);
    appender.append(lines(1, 100));
    appender.close();
    RingAppendFile next =
        new RingAppendFile(open(dir.resolve("next.jsonl")), "next.jsonl", 0, ring);
    next.append(lines(2, 50));

    flushing.force();
    assertEquals(400, Files.size(file));
    assertEquals(0, Files.size(dir.resolve("next.jsonl")));
    next.close();
  }

  @Test
  void linesLongerThanTheRingGoStraightIntoTheFileAfterItsRecords() throws Exception {
    // An encryption context can make a record, or a batch of durability = fsync, larger than it.
    AuditRing ring = AuditRing.open(dir, SMALL_RING);
    Path file = dir.resolve("audit.jsonl");
    RingAppendFile appender = new RingAppendFile(open(file), "audit.jsonl", 0, ring);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (List<byte[]> lines :
        List.of(lines(3, 100), lines(1, SMALL_RING + 1), lines(2, 100), lines(40, 2000))) {
      appender.append(lines);
      lines.forEach(expected::writeBytes);
      assertEquals(expected.size(), ring.end(), "the ring's header says where the records end");
    }
    assertEquals(
        300 + SMALL_RING + 1 + 200 + 80_000,
        Files.size(file),
        "records in the ring are moved into the file before the lines that do not fit it");

    appender.close();
    assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
  }

  @Test
  void linesLongerThanTheRingWrittenInPartAreCutOffAtOnce() throws Exception {
    // A durability = fsync batch larger than the ring, refused when the disk filled up in its
    // second line: no line of it may stay in the file, where a kill -9 would leave it.
    AuditRing ring = AuditRing.open(dir, SMALL_RING);
    Path file = dir.resolve("audit.jsonl");
    FullDiskChannel disk = new FullDiskChannel(open(file));
    RingAppendFile appender = new RingAppendFile(disk, "audit.jsonl", 0, ring);
    List<byte[]> before = lines(2, 100);
    appender.append(before);
    disk.room = 200 + SMALL_RING / 2 + 100;

    assertThrows(IOException.class, () -> appender.append(lines(3, SMALL_RING / 2)));
    assertEquals(200, Files.size(file), "the records before are in the file, none of the batch");
    assertEquals(200, appender.size(), "the refused lines are not appended");
    assertEquals(200, ring.end());

    disk.room = Long.MAX_VALUE;
    List<byte[]> after = lines(1, 50);
    appender.append(after);
    appender.close();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    before.forEach(expected::writeBytes);
    after.forEach(expected::writeBytes);
    assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
  }

  @Test
  void onceTheFileCannotTakeRecordsAppendsFailUntilItCanAgain() throws Exception {
    AuditRing ring = AuditRing.open(dir, SMALL_RING);
    Path file = dir.resolve("audit.jsonl");
    FullDiskChannel disk = new FullDiskChannel(open(file));
    RingAppendFile appender = new RingAppendFile(disk, "audit.jsonl", 0, ring);
    appender.append(lines(2, 100));
    disk.full = true;

    assertThrows(IOException.class, () -> appender.flushing(false).force());
    // Answered records must not pile up in the ring, where no fsync reaches them.
    assertThrows(IOException.class, () -> appender.append(lines(1, 100)));
    assertEquals(200, appender.size(), "the refused line is not appended");
    assertThrows(IOException.class, () -> appender.close());
    assertEquals("audit.jsonl", ring.fileName(), "a file that could not close keeps its records");

    disk.full = false;
    appender.append(lines(1, 50));
    appender.close();
    assertEquals(250, Files.size(file));
    assertNull(ring.fileName());
  }

  @Test
  void aForcedAppendThatFailsLeavesNothingOfItsLines() throws Exception {
    // durability = fsync: the writer's batch is refused as a whole, and its sequence numbers are
    // given to the next batch.
    AuditRing ring = AuditRing.open(dir, SMALL_RING);
    Path file = dir.resolve("audit.jsonl");
    FullDiskChannel disk = new FullDiskChannel(open(file));
    RingAppendFile appender = new RingAppendFile(disk, "audit.jsonl", 0, ring);
    appender.appendAndForce(List.of("{\"seq\":1}\n".getBytes()));
    disk.full = true;

    assertThrows(
        IOException.class,
        () -> appender.appendAndForce(List.of("{\"seq\":2,\"a\"}\n".getBytes())));
    assertEquals(10, appender.size());
    assertEquals(10, ring.end(), "the next start finds nothing of it in the ring");

    disk.full = false;
    appender.appendAndForce(List.of("{\"seq\":2}\n".getBytes()));
    assertEquals("{\"seq\":1}\n{\"seq\":2}\n", Files.readString(file));
    appender.close();
    assertEquals("{\"seq\":1}\n{\"seq\":2}\n", Files.readString(file));
  }

  @Test
  void aForcedAppendWhoseFsyncFailsLeavesNoLineOfItInTheFile() throws Exception {
    // The move into the file worked, the fsync did not, and the file could not be cut back at
    // once either: the next batch, shorter, must not leave a line of the refused one after it.
    AuditRing ring = AuditRing.open(dir, SMALL_RING);
    Path file = dir.resolve("audit.jsonl");
    FullDiskChannel disk = new FullDiskChannel(open(file));
    RingAppendFile appender = new RingAppendFile(disk, "audit.jsonl", 0, ring);
    appender.appendAndForce(List.of("{\"seq\":1}\n".getBytes()));
    disk.broken = true;

    assertThrows(
        IOException.class,
        () ->
            appender.appendAndForce(
                List.of("{\"seq\":2,\"refused\":1}\n{\"seq\":3}\n".getBytes())));
    assertEquals(10, appender.size());

    disk.broken = false;
    appender.appendAndForce(List.of("{\"seq\":2}\n".getBytes()));
    assertEquals("{\"seq\":1}\n{\"seq\":2}\n", Files.readString(file));
    appender.close();
  }

  @Test
  void aFileWhoseFsyncFailsAtCloseStaysOpenForALaterClose() throws Exception {
    AuditRing ring = AuditRing.open(dir, SMALL_RING);
    Path file = dir.resolve("audit.jsonl");
    FullDiskChannel disk = new FullDiskChannel(open(file));
    RingAppendFile appender = new RingAppendFile(disk, "audit.jsonl", 0, ring);
    appender.append(lines(3, 100));
    disk.broken = true;

    assertThrows(IOException.class, appender::close);
    assertEquals("audit.jsonl", ring.fileName());

    disk.broken = false;
    appender.append(lines(1, 100));
    appender.close();
    assertEquals(400, Files.size(file));
    assertNull(ring.fileName());
  }
}
