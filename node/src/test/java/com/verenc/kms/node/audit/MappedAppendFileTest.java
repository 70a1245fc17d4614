package com.verenc.kms.node.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

/** Appending through the map: lines across window boundaries, growth, close and resume. */
class MappedAppendFileTest {
  @TempDir Path dir;

  private static FileChannel open(Path file) throws Exception {
    return FileChannel.open(
        file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
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
  void linesAcrossWindowBoundariesAreWrittenWholeAndTheZerosCutAtClose() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    MappedAppendFile appender = new MappedAppendFile(open(file), 0);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    // 997 does not divide the window, so lines straddle both boundaries of two windows.
    int perBatch = 50;
    for (int batch = 0; batch < 200; batch++) {
      List<byte[]> lines = lines(perBatch, 997);
      appender.append(lines);
      for (byte[] line : lines) {
        expected.write(line);
      }
    }
    assertEquals(expected.size(), appender.size());
    assertEquals(3L * MappedAppendFile.WINDOW, Files.size(file), "grown by whole windows");

    appender.close();

    assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
  }

  @Test
  void aFileOpenedAgainIsAppendedToAfterItsRecords() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    Files.write(file, "{\"seq\":1}\n".getBytes());
    MappedAppendFile appender = new MappedAppendFile(open(file), Files.size(file));
    appender.append(List.of("{\"seq\":2}\n".getBytes()));
    appender.force();

    assertEquals(MappedAppendFile.WINDOW, Files.size(file));
    appender.close();
    assertEquals("{\"seq\":1}\n{\"seq\":2}\n", Files.readString(file));
  }

  @Test
  void aForcingTakenBeforeTheFileClosedDoesNothingAfterIt() throws Exception {
    // The trail forces without its lock: a request may rotate (close) the file meanwhile.
    Path file = dir.resolve("audit.jsonl");
    MappedAppendFile appender = new MappedAppendFile(open(file), 0);
    appender.append(lines(3, 100));
    AuditSink.Forcing forcing = appender.forcing();
    appender.append(lines(1, 100));
    appender.close();

    forcing.force();
    assertEquals(400, Files.size(file));
  }
}
