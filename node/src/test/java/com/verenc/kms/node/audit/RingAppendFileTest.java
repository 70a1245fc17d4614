package com.verenc.kms.node.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
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
 * appender itself, what the ring's header says for the next start, close and reopening.
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
    // 997 does not divide the ring, so lines straddle its wrap; flushing only every third batch
    // lets the ring fill, and the appender then moves the records into the file itself.
    for (int batch = 0; batch < 200; batch++) {
      List<byte[]> lines = lines(20, 997);
      appender.append(lines);
      for (byte[] line : lines) {
        expected.write(line);
      }
      assertEquals(expected.size(), ring.end(), "the ring's header says where the records end");
      if (batch % 3 == 0) {
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
    appender.force();

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
}
