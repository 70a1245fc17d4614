package com.verenc.kms.node.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.verenc.kms.crypto.audit.AuditSeal;
import com.verenc.kms.crypto.masterkey.FileMasterKey;
import com.verenc.kms.node.auth.Caller;
import com.verenc.kms.node.config.AuditSettings;
import com.verenc.kms.node.config.InvalidSettingException;
import com.verenc.kms.node.testkit.Eventually;
import com.verenc.kms.node.testkit.MutableClock;
import com.verenc.kms.protocol.model.EncryptRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain in files, written by the trail's writer thread: records linked and numbered across
 * batches and files, signatures at their intervals and at every file's end, daily and size
 * rotation, and a node that starts again continuing the chain after a shutdown or a crash.
 */
class AuditChainTest {
  private static final FileMasterKey MASTER_KEY = FileMasterKey.generate();
  private static final Instant NOON = Instant.parse("2026-12-03T12:00:00Z");

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(NOON);

  private AuditSettings settings(long maxFileSize, int signEvery, Duration signInterval) {
    return new AuditSettings(
        AuditSettings.Sink.FILE,
        dir,
        maxFileSize,
        signEvery,
        signInterval,
        AuditSettings.Durability.WRITE,
        Duration.ofSeconds(1));
  }

  private AuditSettings settings() {
    return settings(1 << 20, 1000, Duration.ofMinutes(5));
  }

  private ChainedTrail start(AuditSettings settings) throws Exception {
    return AuditTrails.open(settings)
        .startChain("ch-gva-2", "127.0.0.1:25520", MASTER_KEY, null, clock);
  }

  /** A node's run: the trail started, {@code n} requests recorded, the trail closed. */
  private void run(AuditSettings settings, int n) throws Exception {
    ChainedTrail trail = start(settings);
    record(trail, n);
    trail.close(Duration.ofSeconds(10));
  }

  private static void record(ChainedTrail trail, int n) {
    List<CompletableFuture<Void>> written = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      AuditDraft draft =
          trail.draft("request-" + i, "Encrypt", System.nanoTime(), "127.0.0.1", "test");
      draft.caller(new Caller("111122223333", "test"));
      draft.request(new EncryptRequest("alias/app", new byte[] {1}, null, null, null, null));
      written.add(trail.append(draft.finish(null, System.nanoTime())).toCompletableFuture());
    }
    written.forEach(CompletableFuture::join);
  }

  private List<JsonNode> records() {
    return AuditFileRecords.read(dir);
  }

  private static List<String> types(List<JsonNode> records) {
    return records.stream().map(r -> r.path("type").asText()).toList();
  }

  @Test
  void recordsAreNumberedLinkedAndSignedEveryNRecords() throws Exception {
    run(settings(1 << 20, 4, Duration.ofMinutes(5)), 10);

    List<JsonNode> records = records();
    assertEquals("start", records.get(0).path("type").asText());
    assertEquals("new", records.get(0).path("previousRun").asText());
    assertEquals(10, AuditFileRecords.ofType(records, "request").size());
    int sinceSignature = 0;
    for (JsonNode record : records) {
      sinceSignature = record.path("type").asText().equals("signature") ? 0 : sinceSignature + 1;
      assertTrue(sinceSignature <= 4, "more than 4 records without a signature: " + records);
    }
    assertEquals("signature", records.get(records.size() - 1).path("type").asText());
    assertSignaturesValid();
  }

  @Test
  void withFsyncTheWriterThreadWritesBatchesIntoTheSameChain() throws Exception {
    run(
        new AuditSettings(
            AuditSettings.Sink.FILE,
            dir,
            1 << 20,
            4,
            Duration.ofMinutes(5),
            AuditSettings.Durability.FSYNC,
            Duration.ofSeconds(1)),
        10);

    assertEquals(10, AuditFileRecords.ofType(records(), "request").size());
    assertEquals("signature", records().get(records().size() - 1).path("type").asText());
    assertSignaturesValid();
  }

  @Test
  void aSignatureFollowsWithinTheSignIntervalWithoutMoreRecords() throws Exception {
    ChainedTrail trail = start(settings(1 << 20, 1000, Duration.ofMillis(200)));
    record(trail, 1);

    Eventually.eventually(
        "a signature after the record",
        () -> types(records()).equals(List.of("start", "request", "signature")));
    trail.close(Duration.ofSeconds(10));
    assertSignaturesValid();
  }

  @Test
  void aNewFileStartsEachUtcDayAndTheChainRunsOnAcrossFiles() throws Exception {
    ChainedTrail trail = start(settings());
    record(trail, 2);
    clock.advance(Duration.ofDays(1));
    record(trail, 2);
    trail.close(Duration.ofSeconds(10));

    List<Path> files = FileSink.files(dir);
    assertEquals(2, files.size(), files.toString());
    assertTrue(files.get(0).getFileName().toString().startsWith("audit-2026-12-03-"));
    assertTrue(files.get(1).getFileName().toString().startsWith("audit-2026-12-04-"));
    assertTrue(lastLine(files.get(0)).contains("\"type\":\"signature\""));
    // AuditFileRecords checks that the second file's first record names the first file's last.
    assertEquals(4, AuditFileRecords.ofType(records(), "request").size());
    assertSignaturesValid();
  }

  @Test
  void aFullFileIsClosedWithASignatureAndTheNextRecordStartsANewOne() throws Exception {
    ChainedTrail trail = start(settings(4096, 1000, Duration.ofMinutes(5)));
    for (int i = 0; i < 30; i++) {
      record(trail, 1);
    }
    trail.close(Duration.ofSeconds(10));

    List<Path> files = FileSink.files(dir);
    assertTrue(files.size() >= 3, files.toString());
    for (Path file : files) {
      assertTrue(Files.size(file) < 4096 + 1024, file + " is " + Files.size(file) + " bytes");
      assertTrue(lastLine(file).contains("\"type\":\"signature\""), file.toString());
    }
    assertEquals(30, AuditFileRecords.ofType(records(), "request").size());
    assertSignaturesValid();
  }

  @Test
  void aTrailStartedAgainContinuesTheChainAfterAShutdown() throws Exception {
    run(settings(), 3);
    run(settings(), 2);

    List<JsonNode> starts = AuditFileRecords.ofType(records(), "start");
    assertEquals(
        List.of("new", "shutdown"),
        starts.stream().map(s -> s.path("previousRun").asText()).toList());
    assertEquals(5, AuditFileRecords.ofType(records(), "request").size());
    assertSignaturesValid();
  }

  @Test
  void afterACrashTheTornLineIsCutOffAndTheStartRecordSaysSo() throws Exception {
    run(settings(), 3);
    // What a node killed while writing leaves: no closing signature, half a line.
    Path file = FileSink.files(dir).get(0);
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    lines.remove(lines.size() - 1);
    Files.write(file, lines, StandardCharsets.UTF_8);
    Files.writeString(file, "{\"seq\":6,\"type\":\"requ", StandardOpenOption.APPEND);

    run(settings(), 1);

    JsonNode restart = AuditFileRecords.ofType(records(), "start").get(1);
    assertEquals("crash", restart.path("previousRun").asText());
    assertEquals(21, restart.path("discardedBytes").asInt());
    assertEquals(4, AuditFileRecords.ofType(records(), "request").size());
    assertSignaturesValid();
  }

  @Test
  void aFileEndingWithZerosThatTheNextStartCutsOffWithTheTornLine() throws Exception {
    // What a killed node leaves that appended through a map of the growing file (files written by
    // earlier versions): the records it answered, half a line, then the zeros the file was grown
    // by ahead of its records.
    run(settings(), 3);
    Path file = FileSink.files(dir).get(0);
    String lastAnswered = Files.readString(file, StandardCharsets.UTF_8);
    lastAnswered = lastAnswered.substring(0, lastAnswered.lastIndexOf("{\"seq\""));
    Files.write(file, lastAnswered.getBytes(StandardCharsets.UTF_8));
    Files.writeString(file, "{\"seq\":9,\"ty", StandardOpenOption.APPEND);
    Files.write(file, new byte[100_000], StandardOpenOption.APPEND);

    run(settings(), 1);

    JsonNode restart = AuditFileRecords.ofType(records(), "start").get(1);
    assertEquals("crash", restart.path("previousRun").asText());
    assertEquals(12, restart.path("discardedBytes").asInt());
    assertEquals(4, AuditFileRecords.ofType(records(), "request").size());
    assertEquals(
        Files.size(file), AuditFileRecords.content(file).length, "no zeros after a clean close");
    assertSignaturesValid();
  }

  @Test
  void aSecondNodeCannotUseTheSameDirectory() throws Exception {
    AuditTrails first = AuditTrails.open(settings());
    try {
      InvalidSettingException refused =
          assertThrows(InvalidSettingException.class, () -> AuditTrails.open(settings()));
      assertTrue(refused.getMessage().contains("in use by another node"), refused.getMessage());
    } finally {
      first.abandon();
    }
    AuditTrails.open(settings()).abandon();
  }

  @Test
  void aDamagedLastRecordStopsTheStartSayingWhatToDo() throws Exception {
    run(settings(), 1);
    Files.writeString(FileSink.files(dir).get(0), "not a record\n", StandardOpenOption.APPEND);

    InvalidSettingException refused =
        assertThrows(InvalidSettingException.class, () -> AuditTrails.open(settings()));

    assertTrue(refused.getMessage().contains("kms audit verify"), refused.getMessage());
    assertTrue(refused.getMessage().contains("move it out"), refused.getMessage());
  }

  /** Every signature in the directory verifies under the master key's signing key. */
  private void assertSignaturesValid() throws Exception {
    AuditSeal seal = new AuditSeal(AuditSeal.signingKey(MASTER_KEY));
    int signatures = 0;
    for (Path file : FileSink.files(dir)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.contains("\"type\":\"signature\"")) {
          assertTrue(seal.signatureValid(line.getBytes(StandardCharsets.UTF_8)), line);
          assertTrue(line.contains("\"masterKey\":\"" + MASTER_KEY.id() + "\""), line);
          signatures++;
        }
      }
    }
    assertTrue(signatures > 0, "no signature in " + Arrays.toString(dir.toFile().list()));
  }

  private static String lastLine(Path file) throws Exception {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    return lines.get(lines.size() - 1);
  }
}
