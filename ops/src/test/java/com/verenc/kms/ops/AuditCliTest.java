package com.verenc.kms.ops;

import static com.verenc.kms.ops.CliNode.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.crypto.masterkey.FileMasterKey;
import com.verenc.kms.ops.CliNode.Run;
import com.verenc.kms.ops.audit.AuditMasterKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * The audit trail end to end: a mixed run of allowed and refused requests through the AWS SDK, each
 * present exactly once in the node's files; `kms audit verify` passing on them, then failing on an
 * edited, a deleted and a reordered record and naming it; `kms audit search` finding requests by
 * key, account, operation, outcome and time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path dir;
  private Path audit;
  private Path masterKey;
  private String keyId;
  private String alias;
  private final List<String> requestIds = Collections.synchronizedList(new ArrayList<>());
  private final List<String> refusedIds = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  void mixedRun(@TempDir Path tempDir) throws Exception {
    dir = tempDir;
    Path data = dir.resolve("node");
    CliNode cli = CliNode.start(data);
    try (KmsClient kms = cli.client("test", "test")) {
      keyId = ok(() -> kms.createKey(r -> r.description("audited"))).keyMetadata().keyId();
      alias = "alias/audited";
      ok(() -> kms.createAlias(r -> r.aliasName(alias).targetKeyId(keyId)));
      SdkBytes blob =
          ok(() ->
                  kms.encrypt(
                      r ->
                          r.keyId(alias)
                              .plaintext(SdkBytes.fromUtf8String("secret"))
                              .encryptionContext(Map.of("tenant", "blue"))))
              .ciphertextBlob();
      ok(
          () ->
              kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(Map.of("tenant", "blue"))));
      ok(() -> kms.generateDataKey(r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256)));
      ok(() -> kms.describeKey(r -> r.keyId(alias)));
      ok(kms::listKeys);
      refused(() -> kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromUtf8String("not a blob"))));
      refused(() -> kms.describeKey(r -> r.keyId("1234abcd-12ab-34cd-56ef-1234567890ab")));
      try (KmsClient stranger = cli.client("test", "wrong-secret")) {
        refused(stranger::listKeys);
      }
      concurrentEncrypts(kms, 4, 25);
      String other = ok(() -> kms.createKey(r -> r.description("disabled"))).keyMetadata().keyId();
      ok(() -> kms.disableKey(r -> r.keyId(other)));
      refused(() -> kms.encrypt(r -> r.keyId(other).plaintext(SdkBytes.fromUtf8String("refused"))));
    } finally {
      // A node that stops signs the chain's end.
      cli.close();
    }
    audit = data.resolve("audit");
    masterKey = data.resolve("master.key");
  }

  @AfterAll
  void clearCredentials() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @Test
  void everyRequestOfTheMixedRunIsRecordedExactlyOnce() throws Exception {
    List<JsonNode> requests = requestRecords(audit);
    Map<String, Integer> times = new HashMap<>();
    requests.forEach(r -> times.merge(r.path("requestId").asText(), 1, Integer::sum));

    assertEquals(requestIds.size(), requests.size(), "one record per request, none other");
    for (String id : requestIds) {
      assertEquals(1, times.getOrDefault(id, 0), "records of request " + id);
    }
    for (String id : refusedIds) {
      JsonNode record =
          requests.stream()
              .filter(r -> r.path("requestId").asText().equals(id))
              .findFirst()
              .orElseThrow();
      assertEquals("error", record.path("outcome").asText(), record.toString());
    }
  }

  @Test
  void verifyPassesOnTheTrailAsTheNodeWroteIt() {
    Run verified = verify(audit);

    assertEquals(0, verified.exit(), verified.out() + verified.err());
    assertTrue(verified.out().startsWith("OK: 1 file(s)"), verified.out());
    assertTrue(verified.out().contains(requestIds.size() + " requests"), verified.out());
    assertTrue(verified.out().contains("valid under master key file:"), verified.out());
  }

  @Test
  void verifyReadsARunningOrKilledNodesFileWithTheZerosAfterItsLastRecord() throws Exception {
    Path copy = copyOfTrail("running");
    Files.write(onlyFile(copy), new byte[300_000], StandardOpenOption.APPEND);

    Run verified = verify(copy);

    assertEquals(0, verified.exit(), verified.out() + verified.err());
    assertTrue(verified.out().contains(requestIds.size() + " requests"), verified.out());
    assertFalse(verified.out().contains("incomplete"), verified.out());
  }

  @Test
  void verifyNamesAnEditedRecord() throws Exception {
    Tampered t =
        tamper(
            "edited",
            "\"operation\":\"Decrypt\"",
            (lines, at) ->
                lines.set(
                    at, lines.get(at).replace("\"outcome\":\"ok\"", "\"outcome\":\"error\"")));
    Path file = t.file();
    int at = t.at();

    Run verified = verify(t.copy());

    assertEquals(KmsCli.NOT_VALID, verified.exit(), verified.out());
    assertTrue(
        verified
            .out()
            .contains(
                "NOT VALID: "
                    + file
                    + ":"
                    + (at + 1)
                    + " (seq "
                    + (at + 1)
                    + ", request "
                    + requestIdOf(t.lines().get(at))
                    + ") was edited"),
        verified.out());
  }

  @Test
  void verifyNamesTheRecordAfterADeletedOne() throws Exception {
    Tampered t =
        tamper(
            "deleted", "\"operation\":\"GenerateDataKey\"", (lines, at) -> lines.remove((int) at));
    Path file = t.file();
    int at = t.at();

    Run verified = verify(t.copy());

    assertEquals(KmsCli.NOT_VALID, verified.exit(), verified.out());
    assertTrue(
        verified.out().contains(file + ":" + (at + 1) + " (seq " + (at + 2)), verified.out());
    assertTrue(
        verified.out().contains("1 record(s), seq " + (at + 1) + ", are missing"), verified.out());
  }

  @Test
  void verifyNamesTheFirstOfTwoReorderedRecords() throws Exception {
    Tampered t =
        tamper(
            "reordered",
            "\"operation\":\"DescribeKey\"",
            (lines, at) -> Collections.swap(lines, at, at + 1));
    Path file = t.file();
    int at = t.at();

    Run verified = verify(t.copy());

    assertEquals(KmsCli.NOT_VALID, verified.exit(), verified.out());
    assertTrue(
        verified.out().contains(file + ":" + (at + 1) + " (seq " + (at + 2)), verified.out());
  }

  @Test
  void aChainRebuiltAfterAnEditFailsAtTheNextSignature() throws Exception {
    Tampered t =
        tamper(
            "rebuilt",
            "\"operation\":\"ListKeys\"",
            (lines, at) -> {
              lines.set(
                  at,
                  lines
                      .get(at)
                      .replace("\"operation\":\"ListKeys\"", "\"operation\":\"ListAliases\""));
              List<String> rebuilt = Rechain.rehash(lines);
              lines.clear();
              lines.addAll(rebuilt);
            });
    Path copy = t.copy();

    Run verified = verify(copy);

    assertEquals(KmsCli.NOT_VALID, verified.exit(), verified.out());
    assertTrue(verified.out().contains("is a signature that does not verify"), verified.out());
    Run chainOnly = run(new byte[0], "audit", "verify", copy.toString(), "--chain-only");
    assertEquals(0, chainOnly.exit(), chainOnly.out() + chainOnly.err());
    assertTrue(chainOnly.out().contains("NOT checked (--chain-only)"), chainOnly.out());
  }

  @Test
  void anotherMasterKeyIsNamedAsTheWrongOne() throws Exception {
    Path otherKey = dir.resolve("other.key");
    FileMasterKey.generate().writeTo(otherKey);

    Run verified =
        run(
            new byte[0],
            "audit",
            "verify",
            audit.toString(),
            "--master-key-file",
            otherKey.toString());

    assertEquals(KmsCli.NOT_VALID, verified.exit(), verified.out());
    assertTrue(verified.out().contains("but the master key given is file:"), verified.out());
  }

  @Test
  void withoutAMasterKeyVerifySaysHowToGiveOne() {
    Map<String, String> env = Map.of("KMS_DATA_DIR", dir.resolve("nowhere").toString());

    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> AuditMasterKey.find(null, env));

    assertTrue(refused.getMessage().contains("--master-key-file FILE"), refused.getMessage());
    assertTrue(refused.getMessage().contains("--chain-only"), refused.getMessage());
    assertEquals(
        FileMasterKey.readFrom(masterKey).id(),
        AuditMasterKey.find(null, Map.of("KMS_MASTER_KEY_FILE", masterKey.toString())).id());
  }

  @Test
  void searchFindsTheRequestsOfAKeyByItsAliasOrId() throws Exception {
    List<JsonNode> byAlias = search("--key", alias);
    List<JsonNode> byId = search("--key", keyId);

    assertTrue(byAlias.stream().allMatch(r -> r.toString().contains(alias)), byAlias.toString());
    assertEquals(List.of("CreateAlias", "Encrypt", "DescribeKey"), operations(byAlias));
    // The key id also finds what named it by alias, and what its answer named (Decrypt).
    assertTrue(
        operations(byId)
            .containsAll(
                List.of(
                    "CreateKey",
                    "CreateAlias",
                    "Encrypt",
                    "Decrypt",
                    "GenerateDataKey",
                    "DescribeKey")),
        operations(byId).toString());
  }

  @Test
  void searchFiltersByAccountOperationOutcomeAndTime() throws Exception {
    List<JsonNode> refusedEncrypts = search("--operation", "Encrypt", "--outcome", "error");
    assertEquals(
        List.of("DisabledException"),
        refusedEncrypts.stream().map(r -> r.path("errorCode").asText()).toList());

    assertEquals(
        requestIds.size() - 1,
        search("--account", "111122223333").size(),
        "all but the stranger's");
    assertEquals(requestIds.size(), search("--since", "1h").size());
    assertEquals(0, search("--until", "2020-01-01").size());

    Run table =
        run(new byte[0], "audit", "search", audit.toString(), "--error-code", "NotFoundException");
    assertEquals(0, table.exit(), table.err());
    assertTrue(
        table.out().contains("DescribeKey") && table.out().contains("1 request(s)"), table.out());
  }

  @Test
  void searchSaysWhatATimeMayLookLike() {
    Run refused = run(new byte[0], "audit", "search", audit.toString(), "--since", "yesterday");

    assertEquals(KmsCli.REFUSED, refused.exit());
    assertTrue(refused.err().contains("90s, 15m, 2h, 7d"), refused.err());
  }

  private Run verify(Path trail) {
    return run(
        new byte[0],
        "audit",
        "verify",
        trail.toString(),
        "--master-key-file",
        masterKey.toString());
  }

  private List<JsonNode> search(String... criteria) throws Exception {
    List<String> args =
        new ArrayList<>(List.of("--output", "json", "audit", "search", audit.toString()));
    args.addAll(List.of(criteria));
    Run found = run(new byte[0], args.toArray(String[]::new));
    assertEquals(0, found.exit(), found.err());
    List<JsonNode> records = new ArrayList<>();
    for (String line : found.out().split("\n")) {
      if (!line.isBlank()) {
        records.add(JSON.readTree(line));
      }
    }
    return records;
  }

  private static List<String> operations(List<JsonNode> records) {
    return records.stream().map(r -> r.path("operation").asText()).toList();
  }

  private static List<JsonNode> requestRecords(Path trail) throws Exception {
    List<JsonNode> records = new ArrayList<>();
    try (Stream<Path> files = Files.list(trail)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          JsonNode record = JSON.readTree(line);
          if (record.path("type").asText().equals("request")) {
            records.add(record);
          }
        }
      }
    }
    return records;
  }

  /**
   * A copy of the trail's file with {@code change} made at the first line holding {@code marker}.
   */
  private record Tampered(Path copy, Path file, int at, List<String> lines) {}

  private interface Change {
    void make(List<String> lines, int at);
  }

  private Tampered tamper(String name, String marker, Change change) throws Exception {
    Path copy = copyOfTrail(name);
    Path file = onlyFile(copy);
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    int at = indexOf(lines, marker);
    change.make(lines, at);
    Files.write(file, lines, StandardCharsets.UTF_8);
    return new Tampered(copy, file, at, lines);
  }

  private Path copyOfTrail(String name) throws Exception {
    Path copy = dir.resolve(name);
    Files.createDirectories(copy);
    try (Stream<Path> files = Files.list(audit)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
        Files.copy(file, copy.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return copy;
  }

  private static Path onlyFile(Path trail) throws Exception {
    try (Stream<Path> files = Files.list(trail)) {
      List<Path> all = files.toList();
      assertEquals(1, all.size(), all.toString());
      return all.get(0);
    }
  }

  private static int indexOf(List<String> lines, String text) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    throw new AssertionError("no line with " + text);
  }

  private static String requestIdOf(String line) throws Exception {
    return JSON.readTree(line).path("requestId").asText();
  }

  private <T extends AwsResponse> T ok(Supplier<T> call) {
    T response = call.get();
    requestIds.add(response.responseMetadata().requestId());
    return response;
  }

  private void refused(Runnable call) {
    KmsException e = assertThrows(KmsException.class, call::run);
    requestIds.add(e.requestId());
    refusedIds.add(e.requestId());
  }

  private void concurrentEncrypts(KmsClient kms, int threads, int each) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    ok(
                        () ->
                            kms.encrypt(
                                r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))));
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
