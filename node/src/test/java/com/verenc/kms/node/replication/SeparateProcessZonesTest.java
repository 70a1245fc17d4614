package com.verenc.kms.node.replication;

import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * Two zones as separate OS processes started by ops/bin/kms-node, configured only through the KMS_*
 * environment: create in one, replicate to the other, decrypt across zones.
 */
class SeparateProcessZonesTest {
  private final List<Process> processes = new ArrayList<>();

  @TempDir Path dir;

  @AfterEach
  void stopProcesses() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  private Process startZone(String zone, int remotePort, String seeds) throws IOException {
    Path script =
        Path.of(System.getProperty("user.dir")).resolve("../ops/bin/kms-node").normalize();
    ProcessBuilder builder =
        new ProcessBuilder("bash", script.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(zone + ".log").toFile());
    Map<String, String> env = builder.environment();
    env.put("KMS_CLASSPATH", System.getProperty("java.class.path"));
    env.put("KMS_ZONE", zone);
    env.put("KMS_ZONES", MultiZoneKeyTest.A + "," + MultiZoneKeyTest.B);
    env.put("KMS_HTTP_HOST", "127.0.0.1");
    env.put("KMS_HTTP_PORT", "0");
    env.put("KMS_REMOTE_PORT", Integer.toString(remotePort));
    env.put("KMS_SEED_NODES", seeds);
    env.put("KMS_DATA_DIR", dir.resolve(zone).toString());
    env.put("KMS_MASTER_KEY_FILE", dir.resolve("master.key").toString());
    env.put("KMS_JAVA_OPTS", "-Xmx256m");
    env.remove("KMS_DB_URL");
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  /**
   * The node binds HTTP on port 0 and says which port it got on its "node up" line, so no port
   * picked in advance can be taken by someone else meanwhile.
   */
  private int awaitEndpoint(Process process, String zone) throws IOException {
    Path log = dir.resolve(zone + ".log");
    java.util.regex.Pattern up =
        java.util.regex.Pattern.compile("endpoint http://127\\.0\\.0\\.1:(\\d+)");
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (Instant.now().isBefore(deadline)) {
      String output = Files.exists(log) ? Files.readString(log) : "";
      java.util.regex.Matcher m = up.matcher(output);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            zone + " exited with status " + process.exitValue() + ": " + output);
      }
      sleep();
    }
    throw new AssertionError(zone + " did not come up in 90 s: " + Files.readString(log));
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KmsClient client(int port, String zone) {
    return KmsClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.of(zone))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  @Test
  void createReplicateAndDecryptAcrossZoneProcesses() throws IOException {
    String a = MultiZoneKeyTest.A;
    String b = MultiZoneKeyTest.B;
    int remoteA = freePort();
    int remoteB = freePort();
    Process zoneA = startZone(a, remoteA, "");
    int httpA = awaitEndpoint(zoneA, a);
    Process zoneB = startZone(b, remoteB, "127.0.0.1:" + remoteA);
    int httpB = awaitEndpoint(zoneB, b);

    try (KmsClient inA = client(httpA, a);
        KmsClient inB = client(httpB, b)) {
      String keyId =
          inA.createKey(r -> r.multiRegion(true).description("processes")).keyMetadata().keyId();
      inA.replicateKey(r -> r.keyId(keyId).replicaRegion(b));
      eventually(
          "replica usable in B",
          () -> inB.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState() == KeyState.ENABLED);
      SdkBytes fromA =
          inA.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("from A")))
              .ciphertextBlob();
      SdkBytes fromB =
          inB.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("from B")))
              .ciphertextBlob();
      assertEquals("from A", inB.decrypt(r -> r.ciphertextBlob(fromA)).plaintext().asUtf8String());
      assertEquals("from B", inA.decrypt(r -> r.ciphertextBlob(fromB)).plaintext().asUtf8String());
    }
  }
}
