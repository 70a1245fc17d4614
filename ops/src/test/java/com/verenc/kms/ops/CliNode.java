package com.verenc.kms.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import com.verenc.kms.node.KmsNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.cluster.typed.Cluster;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A real node (ch-gva-2 by default; de-fra-1 configured, served only when a test starts a second
 * node) and the kms CLI run in-process on it.
 */
final class CliNode implements AutoCloseable {
  final KmsNode node;
  final String endpoint;
  final String zone;

  /** What one run of the CLI produced. */
  record Run(int exit, String out, byte[] bytes, String err) {}

  private CliNode(KmsNode node, String zone) {
    this.node = node;
    this.endpoint = "http://127.0.0.1:" + node.httpPort();
    this.zone = zone;
  }

  static CliNode start(Path dir) {
    return start(dir, "ch-gva-2", "", "");
  }

  /**
   * A node of {@code zone} (of ch-gva-2 and de-fra-1) on its own H2 database under {@code dir};
   * {@code seed} is the remote host:port of a running node to join ("" forms a cluster), {@code
   * masterKeyFile} the installation's key ("": one of its own under {@code dir}).
   */
  static CliNode start(Path dir, String zone, String seed, String masterKeyFile) {
    return start(dir, zone, seed, Map.of("kms.master-key-file", masterKeyFile));
  }

  /** A node of ch-gva-2 under {@code dir} with {@code extra} over its configuration. */
  static CliNode start(Path dir, Map<String, Object> extra) {
    return start(dir, "ch-gva-2", "", extra);
  }

  private static CliNode start(Path dir, String zone, String seed, Map<String, Object> extra) {
    Map<String, Object> config =
        new java.util.HashMap<>(
            Map.ofEntries(
                Map.entry("kms.http.port", 0),
                Map.entry("kms.http.host", "127.0.0.1"),
                Map.entry("kms.remote.port", 0),
                Map.entry("kms.remote.host", "127.0.0.1"),
                Map.entry("kms.remote.seed-nodes", seed),
                Map.entry("kms.data-dir", dir.toString()),
                Map.entry("kms.credentials-file", ""),
                Map.entry("kms.master-key-file", ""),
                Map.entry("kms.zone", zone),
                Map.entry("kms.zones", "ch-gva-2,de-fra-1"),
                Map.entry("kms.db.url", ""),
                Map.entry("kms.management.port", 0)));
    config.putAll(extra);
    KmsNode node = KmsNode.start(ConfigFactory.parseMap(config), Clock.systemUTC());
    // The CLI reads credentials as the AWS SDK does; system properties are one of its sources.
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    return new CliNode(node, zone);
  }

  /**
   * Starts a node under {@code dir} with {@code extra} over its configuration, has the CLI list its
   * keys {@code requests} times, each succeeding, and stops it: a trail of that many requests.
   */
  static void listKeys(Path dir, Map<String, Object> extra, int requests) {
    CliNode cli = start(dir, extra);
    try {
      for (int i = 0; i < requests; i++) {
        assertEquals(0, cli.kms("list").exit());
      }
    } finally {
      cli.close();
    }
  }

  /** An AWS SDK client of this node signing with this access key, without retries. */
  KmsClient client(String accessKeyId, String secret) {
    return KmsClient.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.of(zone))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(
            ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallTimeout(Duration.ofSeconds(30))
                .build())
        .build();
  }

  /** This node's cluster address as another node's seed (host:port). */
  String seed() {
    var address = Cluster.get(node.system()).selfMember().address();
    return address.getHost().orElseThrow() + ":" + address.getPort().orElseThrow();
  }

  /** This node's management URL (--management). */
  String management() {
    return "http://127.0.0.1:" + node.managementPort().orElseThrow();
  }

  @Override
  public void close() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    node.close();
  }

  /** The CLI against this node, with these arguments and standard input. */
  Run kms(byte[] stdin, String... args) {
    List<String> all = new ArrayList<>(List.of("--endpoint", endpoint, "--zone", zone));
    all.addAll(List.of(args));
    return run(stdin, all.toArray(String[]::new));
  }

  Run kms(String... args) {
    return kms(new byte[0], args);
  }

  /** The CLI with exactly these arguments (no endpoint or zone added). */
  static Run run(byte[] stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int exit =
        KmsCli.run(
            args,
            new ByteArrayInputStream(stdin),
            bytes,
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return new Run(exit, out.toString(), bytes.toByteArray(), err.toString());
  }

  /** The JSON a successful run printed. */
  static JsonNode json(Run run) throws Exception {
    assertEquals(0, run.exit(), run.err());
    return new ObjectMapper().readTree(run.out());
  }

  /** A new key's id, made by create-key with these extra options. */
  String newKey(String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("--output", "json", "create-key"));
    args.addAll(List.of(extra));
    return json(kms(args.toArray(String[]::new))).get("KeyId").asText();
  }
}
