package com.verenc.kms.node.audit;

import com.verenc.kms.crypto.audit.AuditSeal;
import com.verenc.kms.node.config.InvalidSettingException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain in files of one directory, {@code audit-<UTC date>-<first sequence number>.jsonl}, one
 * record a line; a new file at the first record of each UTC day and when a file is full. The
 * directory is locked while the node runs, so two nodes never write one chain. The file being
 * written is appended to through the directory's ring ({@link RingAppendFile}), whose records a
 * start after a {@code kill -9} moves into the file before the chain goes on.
 */
final class FileSink implements AuditSink {
  private static final Logger log = LoggerFactory.getLogger(FileSink.class);

  /** The names of the trail's files; group 1 the date, group 2 the first sequence number. */
  static final Pattern FILE_NAME =
      Pattern.compile("audit-(\\d{4}-\\d{2}-\\d{2})-(\\d{12,19})\\.jsonl");

  private static final String LOCK_FILE = ".lock";
  private static final long SECONDS_PER_DAY = 86_400;

  private final Path dir;
  private final long maxFileSize;
  private final FileChannel lockChannel;
  private final int ringCapacity;

  /** Replaced only by {@link #resume}, when the last run left a ring of another size. */
  private AuditRing ring;

  private RingAppendFile current;
  private Path currentPath;

  /** The current file's UTC date as days since the epoch, compared with each record's time. */
  private long currentEpochDay;

  private FileSink(
      Path dir, long maxFileSize, FileChannel lockChannel, AuditRing ring, int ringCapacity) {
    this.dir = dir;
    this.ringCapacity = ringCapacity;
    this.maxFileSize = maxFileSize;
    this.lockChannel = lockChannel;
    this.ring = ring;
  }

  /**
   * Opens the directory, creating it owner-only, and locks it.
   *
   * @throws InvalidSettingException when it cannot be created or another node uses it
   */
  static FileSink open(Path dir, long maxFileSize) {
    return open(dir, maxFileSize, AuditRing.CAPACITY);
  }

  /** As {@link #open(Path, long)} with a ring of {@code ringCapacity} bytes. */
  static FileSink open(Path dir, long maxFileSize, int ringCapacity) {
    FileChannel channel = null;
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, ownerOnly("rwx------"));
      }
      channel =
          FileChannel.open(
              dir.resolve(LOCK_FILE),
              Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
              ownerOnly("rw-------"));
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException sameProcess) {
        lock = null;
      }
      if (lock == null) {
        throw new InvalidSettingException(
            "the audit directory "
                + dir
                + " (KMS_AUDIT_LOG) is in use by another node: give every node a directory of "
                + "its own");
      }
      return new FileSink(
          dir,
          maxFileSize,
          channel,
          AuditRing.open(dir, ringCapacity, ownerOnly("rw-------")),
          ringCapacity);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new InvalidSettingException(
          "the audit directory " + dir + " (KMS_AUDIT_LOG) cannot be used: " + e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  @Override
  public Optional<ChainEnd> resume() throws IOException {
    List<Path> files = files(dir);
    for (int i = files.size() - 1; i >= 0; i--) {
      Path file = files.get(i);
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      TailLines.cutZeroTail(channel);
      long discarded = TailLines.cutTornLine(channel);
      if (file.getFileName().toString().equals(ring.fileName())
          && recoverFromRing(channel, files, i) > 0) {
        // The torn line was the start of a record the writer was moving into the file.
        discarded = 0;
      }
      if (discarded > 0) {
        log.warn(
            "Cut {} bytes of a torn last line off the audit file {}: a record that was being written "
                + "when the node stopped (its request was never answered).",
            discarded,
            file);
      }
      if (channel.size() == 0) {
        // Created, then the node stopped before its first record: the chain is in the file before.
        channel.close();
        Files.delete(file);
        continue;
      }
      byte[] last = TailLines.lastLine(channel);
      try {
        resizeRing();
      } catch (IOException e) {
        channel.close();
        throw e;
      }
      current = new RingAppendFile(channel, file.getFileName().toString(), channel.size(), ring);
      currentPath = file;
      currentEpochDay = LocalDate.parse(nameMatch(file).group(1)).toEpochDay();
      return Optional.of(chainEnd(last, file, discarded));
    }
    resizeRing();
    return Optional.empty();
  }

  /** Gives the ring the configured size once the records it held are in their file. */
  private void resizeRing() throws IOException {
    ring = ring.resized(dir, ringCapacity, ownerOnly("rw-------"));
  }

  /**
   * Appends the records the ring holds for the {@code index}th file, which is open as {@code
   * channel} and ends with a whole line.
   */
  private long recoverFromRing(FileChannel channel, List<Path> files, int index)
      throws IOException {
    long recovered = RingRecovery.recover(ring, channel, chainEndBefore(channel, files, index));
    if (recovered > 0) {
      log.info(
          "Moved {} bytes of audit records from the ring into {}: the node stopped before its "
              + "writer had.",
          recovered,
          files.get(index));
    }
    return recovered;
  }

  /**
   * Where the chain stood before the ring's records: the file's last record; for a file without
   * records, the one before its first sequence number (in its name), with the hash of the previous
   * file's last record when that is it (null when that file is gone, e.g. to retention).
   */
  private static ChainEnd chainEndBefore(FileChannel channel, List<Path> files, int index)
      throws IOException {
    if (channel.size() > 0) {
      return chainEnd(TailLines.lastLine(channel), files.get(index), 0);
    }
    long seq = Long.parseLong(nameMatch(files.get(index)).group(2)) - 1;
    if (seq == 0) {
      return new ChainEnd(0, AuditSeal.GENESIS, false, 0);
    }
    if (index > 0) {
      try (FileChannel previous = FileChannel.open(files.get(index - 1), StandardOpenOption.READ)) {
        ChainEnd end = chainEnd(TailLines.lastLine(previous), files.get(index - 1), 0);
        if (end.seq() == seq) {
          return end;
        }
      }
    }
    return new ChainEnd(seq, null, false, 0);
  }

  private static ChainEnd chainEnd(byte[] lastLine, Path file, long discardedBytes) {
    return LastRecord.read(
        lastLine,
        file.toString(),
        "restore the file, or move it out of the audit directory (a new chain starts)",
        discardedBytes);
  }

  @Override
  public boolean rotationDue(Instant now) {
    return current != null
        && (current.size() >= maxFileSize
            || Math.floorDiv(now.getEpochSecond(), SECONDS_PER_DAY) != currentEpochDay);
  }

  @Override
  public void rotate() throws IOException {
    if (current != null) {
      current.close();
      current = null;
    }
  }

  @Override
  public void write(List<Line> lines, boolean force) throws IOException {
    if (lines.isEmpty()) {
      return;
    }
    if (current == null) {
      startFile(lines.get(0));
    }
    List<byte[]> bytes = new ArrayList<>(lines.size());
    for (Line line : lines) {
      bytes.add(line.bytes());
    }
    if (force) {
      current.appendAndForce(bytes);
    } else {
      current.append(bytes);
    }
  }

  @Override
  public Forcing flushing(boolean force) {
    return current == null ? NOTHING_TO_FORCE : current.flushing(force);
  }

  @Override
  public void close() throws IOException {
    if (!lockChannel.isOpen()) {
      return;
    }
    try {
      rotate();
    } finally {
      // Closing the channel releases the directory's lock.
      lockChannel.close();
    }
  }

  @Override
  public String describe() {
    return "directory " + dir;
  }

  /** The trail's files in a directory, in chain order (by first sequence number). */
  static List<Path> files(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> listing = Files.list(dir)) {
      listing
          .filter(p -> FILE_NAME.matcher(p.getFileName().toString()).matches())
          .forEach(files::add);
    }
    files.sort(Comparator.comparingLong(p -> Long.parseLong(nameMatch(p).group(2))));
    return files;
  }

  private void startFile(Line first) throws IOException {
    LocalDate date = LocalDate.ofInstant(first.time(), ZoneOffset.UTC);
    Path file = dir.resolve(String.format("audit-%s-%012d.jsonl", date, first.seq()));
    current =
        new RingAppendFile(
            FileChannel.open(
                file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                ownerOnly("rw-------")),
            file.getFileName().toString(),
            0,
            ring);
    currentPath = file;
    currentEpochDay = date.toEpochDay();
    log.debug("Audit trail continues in {}", currentPath);
  }

  private static Matcher nameMatch(Path file) {
    Matcher m = FILE_NAME.matcher(file.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalArgumentException(file + " is not an audit file");
    }
    return m;
  }

  private static FileAttribute<?>[] ownerOnly(String permissions) {
    return Path.of("/").getFileSystem().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
        }
        : new FileAttribute<?>[0];
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // The failure being reported matters more.
      }
    }
  }
}
