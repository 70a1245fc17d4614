package com.verenc.kms.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import com.verenc.kms.node.KmsNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The README's "Envelope encryption with the AWS Encryption SDK" example, run as written: the Java
 * source file in docs/examples with the java launcher, against a node, with the README's
 * environment.
 */
class EnvelopeEncryptionExampleTest {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  @Test
  void theReadmeExampleEncryptsAndDecryptsAgainstANode(@TempDir Path dir) throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    assertTrue(
        readme.contains(
            "java -cp \"ops/target/lib/*:ops/target/esdk-lib/*\" "
                + "docs/examples/EnvelopeEncryption.java \"$KEY_ARN\" \"my secret\""),
        "the README's command changed");
    try (KmsNode node =
        KmsNode.start(
            ConfigFactory.parseMap(
                Map.ofEntries(
                    Map.entry("kms.http.port", 0),
                    Map.entry("kms.http.host", "127.0.0.1"),
                    Map.entry("kms.remote.port", 0),
                    Map.entry("kms.remote.host", "127.0.0.1"),
                    Map.entry("kms.data-dir", dir.toString()),
                    Map.entry("kms.credentials-file", ""),
                    Map.entry("kms.master-key-file", ""),
                    Map.entry("kms.zone", "ch-gva-2"),
                    Map.entry("kms.db.url", ""))),
            Clock.systemUTC())) {
      String endpoint = "http://127.0.0.1:" + node.httpPort();
      String keyArn;
      try (KmsClient kms =
          KmsClient.builder()
              .endpointOverride(java.net.URI.create(endpoint))
              .region(Region.of("ch-gva-2"))
              .credentialsProvider(
                  StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
              .build()) {
        keyArn = kms.createKey(b -> b.description("envelope")).keyMetadata().arn();
      }
      // The test's classpath holds what ops/target/lib and ops/target/esdk-lib hold after the
      // build.
      ProcessBuilder example =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  "docs/examples/EnvelopeEncryption.java",
                  keyArn,
                  "my secret")
              .directory(ROOT.toFile())
              .redirectErrorStream(true);
      example
          .environment()
          .putAll(
              Map.of(
                  "AWS_ACCESS_KEY_ID",
                  "test",
                  "AWS_SECRET_ACCESS_KEY",
                  "test",
                  "KMS_ENDPOINT",
                  endpoint));
      Process process = example.start();
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the example did not finish in 120 s");
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, process.exitValue(), output);
      assertTrue(output.contains("under " + keyArn + "; decrypted: my secret"), output);
    }
  }
}
