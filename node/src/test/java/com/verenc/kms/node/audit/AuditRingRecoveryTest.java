package com.verenc.kms.node.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.verenc.kms.crypto.audit.AuditSeal;
import com.verenc.kms.crypto.masterkey.FileMasterKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed with records in its ring that its writer had not moved into the file yet: the next
 * start moves them there (also into a file just started, whose records are all in the ring),
 * completes a move cut short, and leaves out whatever does not continue the chain. The killed node
 * is a sink never closed; the next start opens a copy of its directory (the copy reads the ring
 * through the page cache, as a new process would).
 */
class AuditRingRecoveryTest {
  private static final int RING = 64 * 1024;
  private static final Instant NOON = Instant.parse("2026-12-03T12:00:00Z");

  @TempDir Path dir;

  private final ChainHead head = newChain();

  private final ByteArrayOutputStream written = new ByteArrayOutputStream();

  /** A new chain's head, under a master key of its own. */
  private static ChainHead newChain() {
    return new ChainHead(
        new AuditSeal(AuditSeal.signingKey(FileMasterKey.generate())),
        new AuditJson("ch-gva-2", "127.0.0.1:25520"),
        "master-key-1",
        Optional.empty());
  }

  /** The node to be killed, with the start record and five signatures written (in the ring). */
  private FileSink nodeWithSixRecords() throws Exception {
    FileSink node = FileSink.open(killed(), 1 << 20, RING);
    node.resume();
    node.write(chain(5, true), false);
    return node;
  }

  private Path killed() {
    return dir.resolve("killed");
  }

  private Path restarted() {
    return dir.resolve("restarted");
  }

  /** The start record and {@code n} signatures: lines of the chain that need no request. */
  private List<AuditSink.Line> chain(int n, boolean first) {
    List<AuditSink.Line> lines = new ArrayList<>();
    if (first) {
      lines.add(head.start(NOON, "new", 0));
    }
    for (int i = 0; i < n; i++) {
      lines.add(head.signature(NOON));
    }
    lines.forEach(line -> written.writeBytes(line.bytes()));
    return lines;
  }

  /** The killed node's directory as the next start finds it, without the lock file. */
  private FileSink restart() throws Exception {
    return restartWithRing(ring -> {});
  }

  private String restartedFile() throws Exception {
    return Files.readString(FileSink.files(restarted()).get(0), StandardCharsets.UTF_8);
  }

  @Test
  void recordsOnlyInTheRingAreMovedIntoTheFileAtTheNextStart() throws Exception {
    FileSink node = nodeWithSixRecords();
    assertEquals(0, Files.size(FileSink.files(killed()).get(0)), "the writer moved nothing yet");

    FileSink next = restart();
    ChainEnd end = next.resume().orElseThrow();

    assertEquals(6, end.seq());
    assertEquals(0, end.discardedBytes());
    assertEquals(written.toString(StandardCharsets.UTF_8), restartedFile());
    next.close();
    node.close();
  }

  @Test
  void aMoveCutShortIsCompletedFromTheRing() throws Exception {
    FileSink node = nodeWithSixRecords();
    node.flushing(false).force();
    List<AuditSink.Line> inRingOnly = chain(3, false);
    node.write(inRingOnly, false);
    // The writer was killed in the middle of its write(2): half of the next line is in the file.
    byte[] next = inRingOnly.get(0).bytes();
    Files.write(
        FileSink.files(killed()).get(0),
        Arrays.copyOf(next, next.length / 2),
        StandardOpenOption.APPEND);

    FileSink restarted = restart();
    ChainEnd end = restarted.resume().orElseThrow();

    assertEquals(9, end.seq());
    assertEquals(0, end.discardedBytes(), "the torn line was a record the ring had whole");
    assertEquals(written.toString(StandardCharsets.UTF_8), restartedFile());
    restarted.close();
    node.close();
  }

  @Test
  void ringContentThatDoesNotContinueTheChainIsLeftOut() throws Exception {
    FileSink node = nodeWithSixRecords();
    node.flushing(false).force();
    String inFile = written.toString(StandardCharsets.UTF_8);
    List<AuditSink.Line> inRingOnly = chain(3, false);
    node.write(inRingOnly, false);

    FileSink restarted =
        restartWithRing(
            ring -> {
              // What a power loss may leave: the ring's header on disk newer than a page of its
              // records. The second of the three lines is not what was written.
              long second = inFile.length() + inRingOnly.get(0).bytes().length;
              ring.put(second + 20, "X".getBytes(StandardCharsets.US_ASCII));
            });
    ChainEnd end = restarted.resume().orElseThrow();

    assertEquals(7, end.seq(), "the lines up to the edited one");
    assertEquals(
        inFile + new String(inRingOnly.get(0).bytes(), StandardCharsets.UTF_8), restartedFile());
    restarted.close();
    node.close();
  }

  @Test
  void aRingEndBeyondItsRecordsAddsNothing() throws Exception {
    FileSink node = nodeWithSixRecords();
    node.flushing(false).force();

    FileSink restarted = restartWithRing(ring -> ring.publishEnd(ring.end() + 1000));
    ChainEnd end = restarted.resume().orElseThrow();

    assertEquals(6, end.seq());
    assertEquals(written.toString(StandardCharsets.UTF_8), restartedFile());
    restarted.close();
    node.close();
  }

  @Test
  void aLineOfAnotherChainIsLeftOutWithTheLinesAfterIt() throws Exception {
    FileSink node = nodeWithSixRecords();
    node.flushing(false).force();
    String inFile = written.toString(StandardCharsets.UTF_8);
    List<AuditSink.Line> inRingOnly = chain(3, false);
    node.write(inRingOnly, false);
    // Stale ring content: a whole, sealed line with the right sequence number, of another chain.
    ChainHead other = newChain();
    other.start(NOON, "new", 0);
    AuditSink.Line foreign = null;
    for (int i = 0; i < 7; i++) {
      foreign = other.signature(NOON);
    }
    byte[] stale = foreign.bytes();
    assertEquals(inRingOnly.get(1).bytes().length, stale.length, "the same shape of line");

    FileSink restarted =
        restartWithRing(
            ring -> ring.put(inFile.length() + inRingOnly.get(0).bytes().length, stale));
    ChainEnd end = restarted.resume().orElseThrow();

    assertEquals(7, end.seq(), "seq 8 of the other chain does not name seq 7 of this one");
    assertEquals(
        inFile + new String(inRingOnly.get(0).bytes(), StandardCharsets.UTF_8), restartedFile());
    restarted.close();
    node.close();
  }

  @Test
  void theRecordsOfAFileJustStartedAreMovedIntoIt() throws Exception {
    FileSink node = nodeWithSixRecords();
    node.rotate();
    written.reset();
    node.write(chain(3, false), false);

    FileSink restarted = restart();
    ChainEnd end = restarted.resume().orElseThrow();

    assertEquals(9, end.seq());
    List<Path> files = FileSink.files(restarted());
    assertEquals(2, files.size());
    assertEquals(written.toString(StandardCharsets.UTF_8), Files.readString(files.get(1)));
    restarted.close();
    node.close();
  }

  @Test
  void theRecordsOfAFileJustStartedAreMovedIntoItWhenTheFileBeforeIsGone() throws Exception {
    FileSink node = nodeWithSixRecords();
    node.rotate();
    written.reset();
    node.write(chain(3, false), false);

    FileSink restarted = restart();
    // Retention removed the older file: its first sequence number in the new file's name says
    // where the ring's records must start.
    Files.delete(FileSink.files(restarted()).get(0));
    ChainEnd end = restarted.resume().orElseThrow();

    assertEquals(9, end.seq());
    assertEquals(written.toString(StandardCharsets.UTF_8), restartedFile());
    restarted.close();
    node.close();
  }

  @Test
  void aLargerRingIsRecoveredAtItsOwnSizeThenReplacedByOneOfTheConfiguredSize() throws Exception {
    // A node upgraded to a smaller ring after a kill -9 with records beyond the new ring's size in
    // the old one; it had also been killed once in the middle of a resize (a stale .ring.new).
    FileSink node = FileSink.open(killed(), 1 << 20, 2 * RING);
    node.resume();
    node.write(chain(0, true), false);
    while (written.size() < RING + RING / 2) {
      node.write(chain(10, false), false);
    }
    assertEquals(0, Files.size(FileSink.files(killed()).get(0)), "all of them in the ring only");
    copyKilledDirectory();
    Files.write(restarted().resolve(AuditRing.FILE + ".new"), new byte[] {1, 2, 3});

    FileSink next = FileSink.open(restarted(), 1 << 20, RING);
    next.resume();

    assertEquals(written.toString(StandardCharsets.UTF_8), restartedFile());
    assertEquals(RING, AuditRing.open(restarted(), 2 * RING).capacity());
    next.write(chain(2, false), false);
    next.close();
    assertEquals(written.toString(StandardCharsets.UTF_8), restartedFile());
    node.close();
  }

  private interface RingEdit {
    void apply(AuditRing ring) throws Exception;
  }

  /** As {@link #restart}, the copied ring first changed by {@code edit}. */
  private FileSink restartWithRing(RingEdit edit) throws Exception {
    copyKilledDirectory();
    edit.apply(AuditRing.open(restarted(), RING));
    return FileSink.open(restarted(), 1 << 20, RING);
  }

  /** The killed node's directory as the next start finds it, without the lock file. */
  private void copyKilledDirectory() throws Exception {
    Files.createDirectories(restarted());
    try (Stream<Path> files = Files.list(killed())) {
      for (Path file : files.toList()) {
        if (!file.getFileName().toString().equals(".lock")) {
          Files.copy(file, restarted().resolve(file.getFileName()));
        }
      }
    }
  }
}
