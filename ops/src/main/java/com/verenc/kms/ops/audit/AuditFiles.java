package com.verenc.kms.ops.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of an audit trail as the node writes them ({@code audit-<date>-<first seq>.jsonl}, one
 * record a line), read line by line as the exact bytes the seal covers.
 */
public final class AuditFiles {
  private static final Pattern FILE_NAME =
      Pattern.compile("audit-\\d{4}-\\d{2}-\\d{2}-(\\d{12,19})\\.jsonl");
  private static final Pattern SEQ = Pattern.compile("^\\{\"seq\":(\\d{1,19}),");

  private AuditFiles() {}

  /** One line of a file, without its newline. */
  public record Line(Path file, long number, byte[] bytes, boolean complete) {}

  /** Receives lines one by one. */
  public interface LineConsumer {
    /**
     * @return false to stop reading
     */
    boolean accept(Line line);
  }

  /**
   * The files to read: each directory stands for the audit files in it; files are taken as given.
   * Ordered by the sequence number of their first record (as named, for a file that has none).
   *
   * @throws IllegalArgumentException when a path does not exist or a directory holds no audit file
   */
  public static List<Path> inChainOrder(List<Path> paths) {
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        List<Path> inside = listed(path);
        if (inside.isEmpty()) {
          throw new IllegalArgumentException(
              path + " holds no audit file (audit-<date>-<seq>.jsonl)");
        }
        files.addAll(inside);
      } else if (Files.isRegularFile(path)) {
        files.add(path);
      } else {
        throw new IllegalArgumentException(path + " does not exist");
      }
    }
    files.sort(Comparator.comparingLong(AuditFiles::firstSeq));
    return files;
  }

  /**
   * Reads a file's lines in order; the last is incomplete when the file does not end a line. Zero
   * bytes at the end are not part of it: a node grows the file it writes ahead of its records and
   * cuts the zeros off when it closes the file, so a running or killed node's file ends with them.
   */
  public static void forEachLine(Path file, LineConsumer consumer) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] chunk = new byte[1 << 16];
      ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
      long number = 0;
      int read;
      while ((read = in.read(chunk)) >= 0) {
        int from = 0;
        for (int i = 0; i < read; i++) {
          if (chunk[i] == '\n') {
            line.write(chunk, from, i - from);
            from = i + 1;
            if (!consumer.accept(new Line(file, ++number, line.toByteArray(), true))) {
              return;
            }
            line.reset();
          }
        }
        line.write(chunk, from, read - from);
      }
      byte[] rest = withoutZeroTail(line.toByteArray());
      if (rest.length > 0) {
        consumer.accept(new Line(file, ++number, rest, false));
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + " does not exist");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] withoutZeroTail(byte[] bytes) {
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] == 0) {
      end--;
    }
    return end == bytes.length ? bytes : Arrays.copyOf(bytes, end);
  }

  private static List<Path> listed(Path dir) {
    try (Stream<Path> listing = Files.list(dir)) {
      return listing.filter(p -> FILE_NAME.matcher(p.getFileName().toString()).matches()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The first record's sequence number, else the one in the file's name, else 0. */
  private static long firstSeq(Path file) {
    long[] seq = {-1};
    forEachLine(
        file,
        line -> {
          Matcher m =
              SEQ.matcher(
                  new String(
                      line.bytes(),
                      0,
                      Math.min(40, line.bytes().length),
                      StandardCharsets.US_ASCII));
          if (m.find()) {
            seq[0] = Long.parseLong(m.group(1));
          }
          return false;
        });
    if (seq[0] >= 0) {
      return seq[0];
    }
    Matcher named = FILE_NAME.matcher(file.getFileName().toString());
    return named.matches() ? Long.parseLong(named.group(1)) : 0;
  }
}
