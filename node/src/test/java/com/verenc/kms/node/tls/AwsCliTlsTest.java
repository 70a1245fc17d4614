package com.verenc.kms.node.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.testkit.TestCertificates;
import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS CLI itself ({@code aws}, as installed on the machine) against a node on HTTPS: it trusts
 * the node's certificate through {@code --ca-bundle}, refuses it without, and a plain HTTP client
 * gets no answer. Skipped on a developer machine without the CLI; under CI=true it must run ({@code
 * .ci/run} installs Debian's awscli when it is missing).
 */
class AwsCliTlsTest {
  @TempDir Path dir;
  private TestNode node;
  private TestCertificates.Pem pem;

  /** What a run of the CLI did. */
  private record Run(int exit, String out, String err) {}

  @BeforeEach
  void start() {
    requireCli();
    Path cert = dir.resolve("api.crt");
    Path key = dir.resolve("api.key");
    pem = TestCertificates.selfSigned(dir, "kms-cli", cert, key);
    node =
        TestNode.start(
            TestDatabase.h2(dir.resolve("data")),
            Map.of(
                "kms.http.tls.cert-file",
                cert.toString(),
                "kms.http.tls.key-file",
                key.toString()));
  }

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static void requireCli() {
    String why;
    try {
      Process version = new ProcessBuilder("aws", "--version").redirectErrorStream(true).start();
      version.getInputStream().readAllBytes();
      if (version.waitFor(60, TimeUnit.SECONDS) && version.exitValue() == 0) {
        return;
      }
      why = "aws --version failed";
    } catch (IOException e) {
      why = "the AWS CLI (aws) is not on the PATH: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      why = "interrupted";
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(why + " (CI=true: the AWS CLI tests must run; apt-get install awscli)");
    }
    Assumptions.abort(why);
  }

  /** {@code aws kms ARGS} with static credentials and no user configuration. */
  private Run kms(String endpoint, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("aws", "kms"));
    command.addAll(List.of(args));
    command.addAll(List.of("--endpoint-url", endpoint, "--cli-read-timeout", "30"));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    env.put("AWS_DEFAULT_REGION", node.zone());
    env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
    env.put("AWS_MAX_ATTEMPTS", "1");
    env.put("AWS_PAGER", "");
    env.remove("AWS_CA_BUNDLE");
    env.remove("AWS_PROFILE");
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("aws " + command + " did not finish within 120 s");
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8).trim(),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private String https() {
    return "https://localhost:" + node.endpoint().getPort();
  }

  @Test
  void theCliEncryptsAndDecryptsOverHttpsTrustingTheNodeThroughItsCaBundle() throws Exception {
    String ca = pem.certFile().toString();
    Run created =
        kms(
            https(),
            "create-key",
            "--description",
            "aws cli over tls",
            "--query",
            "KeyMetadata.KeyId",
            "--output",
            "text",
            "--ca-bundle",
            ca);
    assertEquals(0, created.exit(), created.err());
    String keyId = created.out();

    Path plaintext = dir.resolve("secret.txt");
    Files.writeString(plaintext, "hello from the aws cli");
    Run encrypted =
        kms(
            https(),
            "encrypt",
            "--key-id",
            keyId,
            "--plaintext",
            "fileb://" + plaintext,
            "--query",
            "CiphertextBlob",
            "--output",
            "text",
            "--ca-bundle",
            ca);
    assertEquals(0, encrypted.exit(), encrypted.err());
    Path blob = dir.resolve("secret.enc");
    Files.write(blob, Base64.getDecoder().decode(encrypted.out()));

    Run decrypted =
        kms(
            https(),
            "decrypt",
            "--ciphertext-blob",
            "fileb://" + blob,
            "--query",
            "Plaintext",
            "--output",
            "text",
            "--ca-bundle",
            ca);
    assertEquals(0, decrypted.exit(), decrypted.err());
    assertEquals(
        "hello from the aws cli",
        new String(Base64.getDecoder().decode(decrypted.out()), StandardCharsets.UTF_8));
  }

  @Test
  void withoutTheCaBundleTheCliRefusesTheCertificateAndPlainHttpGetsNoAnswer() throws Exception {
    Run untrusted = kms(https(), "list-keys");
    assertNotEquals(0, untrusted.exit(), untrusted.out());
    assertTrue(
        untrusted.err().contains("CERTIFICATE_VERIFY_FAILED"),
        "the CLI names the untrusted certificate: " + untrusted.err());

    Run plain = kms("http://localhost:" + node.endpoint().getPort(), "list-keys");
    assertNotEquals(0, plain.exit(), plain.out());
    assertTrue(plain.out().isEmpty(), "no KMS answer over plain HTTP: " + plain.out());
  }
}
