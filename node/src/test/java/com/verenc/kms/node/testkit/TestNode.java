package com.verenc.kms.node.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.verenc.kms.node.KmsNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A real node for a test: loopback only, free ports, its own data, a clock the test moves. Restart
 * keeps the database, the master key and the clock.
 */
public final class TestNode implements AutoCloseable {
  public static final String ZONE = "ch-gva-2";
  public static final String DEV_ACCOUNT = "111122223333";

  private final TestDatabase database;
  private final MutableClock clock;
  private final Map<String, Object> extra;
  private final String zone;
  private KmsNode node;

  private TestNode(TestDatabase database, MutableClock clock, Map<String, Object> extra) {
    this.database = database;
    this.clock = clock;
    this.extra = extra;
    this.zone = (String) extra.getOrDefault("kms.zone", ZONE);
  }

  public static TestNode start(TestDatabase database) {
    return start(database, Map.of());
  }

  public static TestNode start(TestDatabase database, Map<String, Object> extraConfig) {
    TestNode t = new TestNode(database, MutableClock.startingNow(), extraConfig);
    t.node = KmsNode.start(t.config(), t.clock);
    return t;
  }

  private Config config() {
    Map<String, Object> values = new HashMap<>(database.config());
    values.put("kms.zone", zone);
    values.put("kms.http.host", "127.0.0.1");
    values.put("kms.http.port", 0);
    values.put("kms.remote.host", "127.0.0.1");
    values.put("kms.remote.port", 0);
    values.put("kms.remote.seed-nodes", "");
    values.put("kms.credentials-file", "");
    values.put("kms.master-key-file", "");
    values.put("kms.dialect", "aws");
    values.put("kms.deletion.sweep-interval", "200ms");
    values.put("kms.replication.retry-interval", "200ms");
    values.put("kms.rotation.check-interval", "200ms");
    // Scenarios create keys and call management operations far faster than a tenant may; the
    // quotas themselves are HostileTenantTest's business.
    values.put("kms.quotas.create-key-requests-per-second", 100000);
    values.put("kms.quotas.management-requests-per-second", 100000);
    values.putAll(extra);
    return ConfigFactory.parseMap(values);
  }

  public void restart() {
    restart(() -> {});
  }

  /**
   * Stops the node, runs {@code whileStopped} (e.g. moves the clock), starts it again on the same
   * data.
   */
  public void restart(Runnable whileStopped) {
    node.close();
    whileStopped.run();
    node = KmsNode.start(config(), clock);
  }

  public String zone() {
    return zone;
  }

  public MutableClock clock() {
    return clock;
  }

  public TestDatabase database() {
    return database;
  }

  public KmsNode node() {
    return node;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + node.httpPort());
  }

  /** An AWS SDK v2 client for the dev account (access key test/test), no retries. */
  public KmsClient client() {
    return client("test", "test");
  }

  public KmsClient client(String accessKeyId, String secret) {
    return KmsClient.builder()
        .endpointOverride(endpoint())
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

  /**
   * Everything a test's node leaves behind: stops the node, drops its database (a fresh PostgreSQL
   * one; nothing for H2) and deletes its directory. Either may be null (not started).
   */
  public static void discard(TestNode node, Path dir) {
    if (node != null) {
      node.close();
      node.database().drop();
    }
    TestFiles.deleteRecursively(dir);
  }

  @Override
  public void close() {
    if (node != null) {
      node.close();
    }
  }
}
