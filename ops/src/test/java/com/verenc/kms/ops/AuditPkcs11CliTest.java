package com.verenc.kms.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.crypto.masterkey.SoftHsm;
import com.verenc.kms.ops.audit.AuditFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * `kms audit verify` (ops/bin/kms, as an operator runs it) on the trail of a node that moved its
 * master key from a file into a SoftHSM2 token: with the KMS_MASTER_KEY_PKCS11_* variables the node
 * has and the file as the previous master key, every signature checks, before and after the move;
 * without the previous key the older signatures are named; an edited record is found, even when the
 * chain is rebuilt around it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditPkcs11CliTest {
  private static final String LABEL = "audit-cli-master-key";

  private Path dir;
  private Path audit;
  private Path fileKey;
  private Path pinFile;
  private Path library;

  /** What one run of ops/bin/kms printed. */
  private record Run(int exit, String out, String err) {}

  @BeforeAll
  void fileThenTokenRun(@TempDir Path tempDir) throws Exception {
    dir = tempDir;
    library = SoftHsm.inThisJvm();
    pinFile = dir.resolve("pin.txt");
    Files.writeString(pinFile, SoftHsm.SHARED.pin() + "\n", StandardCharsets.UTF_8);
    Path data = dir.resolve("node");
    CliNode.listKeys(data, Map.of(), 3);
    fileKey = data.resolve("master.key");
    CliNode.listKeys(
        data,
        Map.of(
            "kms.master-key-pkcs11.library", library.toString(),
            "kms.master-key-pkcs11.token", SoftHsm.SHARED.label(),
            "kms.master-key-pkcs11.pin-file", pinFile.toString(),
            "kms.master-key-pkcs11.label", LABEL,
            "kms.previous-master-key.file", fileKey.toString()),
        3);
    audit = data.resolve("audit");
  }

  /** The variables a node on the token has. */
  private Map<String, String> tokenEnvironment() {
    return Map.of(
        "KMS_MASTER_KEY_PKCS11_LIBRARY", library.toString(),
        "KMS_MASTER_KEY_PKCS11_TOKEN", SoftHsm.SHARED.label(),
        "KMS_MASTER_KEY_PKCS11_PIN_FILE", pinFile.toString(),
        "KMS_MASTER_KEY_PKCS11_LABEL", LABEL);
  }

  private Map<String, String> withPreviousFile() {
    Map<String, String> env = new HashMap<>(tokenEnvironment());
    env.put("KMS_PREVIOUS_MASTER_KEY_FILE", fileKey.toString());
    return env;
  }

  @Test
  void theTokensKeyAndThePreviousKeyFileCheckEverySignature() throws Exception {
    Run verified = verify(withPreviousFile(), audit);

    assertEquals(0, verified.exit(), verified.out() + verified.err());
    assertTrue(verified.out().startsWith("OK: "), verified.out());
    assertTrue(
        verified.out().contains("valid under master keys file:")
            && verified.out().contains(", pkcs11:" + LABEL),
        verified.out());
  }

  @Test
  void withoutThePreviousKeyTheSignaturesMadeBeforeTheMoveAreNamed() throws Exception {
    Run verified = verify(tokenEnvironment(), audit);

    assertEquals(KmsCli.NOT_VALID, verified.exit(), verified.out() + verified.err());
    assertTrue(
        verified.out().contains("is signed with the key of master key file:")
            && verified.out().contains("but the master key given is pkcs11:" + LABEL)
            && verified.out().contains("KMS_PREVIOUS_MASTER_KEY_"),
        verified.out());
  }

  @Test
  void anEditedRecordIsFound() throws Exception {
    List<String> lines = lines();
    int at = lastRequestAfterTheMove(lines);
    lines.set(at, lines.get(at).replace("\"outcome\":\"ok\"", "\"outcome\":\"error\""));

    Run verified = verify(withPreviousFile(), write("edited", lines));

    assertEquals(KmsCli.NOT_VALID, verified.exit(), verified.out() + verified.err());
    assertTrue(verified.out().contains("was edited"), verified.out());
  }

  @Test
  void aChainRebuiltAroundAnEditedRecordFailsOnTheTokensSignature() throws Exception {
    List<String> lines = lines();
    int at = lastRequestAfterTheMove(lines);
    lines.set(at, lines.get(at).replace("\"outcome\":\"ok\"", "\"outcome\":\"error\""));

    Run verified = verify(withPreviousFile(), write("rebuilt", Rechain.rehash(lines)));

    assertEquals(KmsCli.NOT_VALID, verified.exit(), verified.out() + verified.err());
    assertTrue(verified.out().contains("is a signature that does not verify"), verified.out());
  }

  /** Every line of the trail in chain order. */
  private List<String> lines() throws Exception {
    List<String> lines = new ArrayList<>();
    for (Path file : AuditFiles.inChainOrder(List.of(audit))) {
      Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .filter(l -> !l.isBlank())
          .forEach(lines::add);
    }
    return lines;
  }

  /** A request the token's key signed: after the last start record, before the last signature. */
  private static int lastRequestAfterTheMove(List<String> lines) {
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("\"type\":\"start\"")) {
        start = i;
      }
    }
    for (int i = start + 1; i < lines.size(); i++) {
      if (lines.get(i).contains("\"type\":\"request\"")
          && lines.get(i).contains("\"outcome\":\"ok\"")) {
        return i;
      }
    }
    throw new AssertionError("no request after the node moved to the token: " + lines);
  }

  private Path write(String name, List<String> lines) throws Exception {
    Path copy = Files.createDirectories(dir.resolve(name));
    Path file = copy.resolve("audit-2026-01-01-000001.jsonl");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  /** ops/bin/kms audit verify PATH, with {@code env} as the only KMS_ variables. */
  private Run verify(Map<String, String> env, Path path) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                "bash",
                LocalClusterScript.ROOT.resolve("ops/bin/kms").toString(),
                "audit",
                "verify",
                path.toString())
            .directory(dir.toFile());
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(k -> k.startsWith("KMS_") || k.startsWith("AWS_"));
    environment.put("KMS_CLI_CLASSPATH", System.getProperty("java.class.path"));
    environment.put("SOFTHSM2_CONF", System.getenv("SOFTHSM2_CONF"));
    environment.putAll(env);
    Path err = Files.createTempFile(dir, "kms", ".err");
    builder.redirectError(err.toFile());
    Process process = builder.start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "kms audit verify " + path);
    return new Run(process.exitValue(), out, Files.readString(err));
  }
}
