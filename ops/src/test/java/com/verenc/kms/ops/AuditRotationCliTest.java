package com.verenc.kms.ops;

import static com.verenc.kms.ops.CliNode.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.ops.CliNode.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trail the node rotated by size: `kms audit verify` follows the chain from file to file in
 * whatever order the files are given, checks a later file alone from where it starts, and notices a
 * file taken out of the middle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditRotationCliTest {
  private Path audit;
  private Path masterKey;
  private Path dir;
  private List<Path> files;

  @BeforeAll
  void rotatedRun(@TempDir Path tempDir) throws Exception {
    dir = tempDir;
    Path data = dir.resolve("node");
    CliNode.listKeys(data, Map.of("kms.audit.max-file-size", "4k"), 40);
    audit = data.resolve("audit");
    masterKey = data.resolve("master.key");
    try (Stream<Path> listing = Files.list(audit)) {
      files = listing.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
    }
    assertTrue(files.size() >= 4, files.toString());
  }

  private Run verify(List<Path> paths) {
    List<String> args = new ArrayList<>(List.of("audit", "verify"));
    paths.forEach(p -> args.add(p.toString()));
    args.addAll(List.of("--master-key-file", masterKey.toString()));
    return CliNode.run(new byte[0], args.toArray(String[]::new));
  }

  @Test
  void theChainRunsAcrossEveryFileInWhateverOrderTheyAreGiven() {
    List<Path> reversed = new ArrayList<>(files);
    Collections.reverse(reversed);

    Run verified = verify(reversed);

    assertEquals(0, verified.exit(), verified.out() + verified.err());
    assertTrue(verified.out().startsWith("OK: " + files.size() + " file(s)"), verified.out());
    assertTrue(verified.out().contains("40 requests"), verified.out());
  }

  @Test
  void aLaterFileAloneIsCheckedFromWhereItStarts() {
    Run verified = verify(List.of(files.get(files.size() - 1)));

    assertEquals(0, verified.exit(), verified.out() + verified.err());
    assertTrue(verified.out().contains("Note: The chain starts at seq"), verified.out());
  }

  @Test
  void aFileTakenOutOfTheMiddleBreaksTheChain() {
    List<Path> withoutOne = new ArrayList<>(files);
    withoutOne.remove(1);

    Run verified = verify(withoutOne);

    assertEquals(KmsCli.NOT_VALID, verified.exit(), verified.out());
    assertTrue(verified.out().contains(files.get(2) + ":1 (seq "), verified.out());
    assertTrue(verified.out().contains("are missing"), verified.out());
  }

  @Test
  void aDirectoryStandsForTheAuditFilesInIt() {
    Run verified = run(new byte[0], "audit", "verify", audit.toString(), "--chain-only");

    assertEquals(0, verified.exit(), verified.out() + verified.err());
    assertTrue(verified.out().startsWith("OK: " + files.size() + " file(s)"), verified.out());
  }
}
