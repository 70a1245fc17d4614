package com.verenc.kms.node.config;

import com.typesafe.config.Config;
import com.verenc.kms.node.quota.Quotas;
import com.verenc.kms.protocol.Arns;
import com.verenc.kms.protocol.Dialect;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The node's own settings (the {@code kms} block), read once at start and validated. */
public record NodeSettings(
    String zone,
    Set<String> zones,
    String platformPrimaryZone,
    String httpHost,
    int httpPort,
    long maxRequestBytes,
    Duration bodyTimeout,
    Duration headTimeout,
    Path dataDir,
    DatabaseSettings database,
    MasterKeySource masterKey,
    Optional<Path> credentialsFile,
    Duration credentialsCheckInterval,
    Dialect dialect,
    Arns arns,
    Duration askTimeout,
    Duration deletionSweepInterval,
    Duration rotationCheckInterval,
    Duration replicationRetryInterval,
    Duration replicationPushTimeout,
    Duration replicationMaxBackoff,
    AntiEntropy antiEntropy,
    String managementHost,
    int managementPort,
    Quotas quotas,
    int keyPresenceCacheSize,
    UsageTracking usageTracking,
    HttpTls httpTls,
    Duration membershipCheckInterval,
    MasterKeyRotationSettings masterKeyRotation,
    AuditSettings audit,
    RequestLogging requestLog) {

  /**
   * The API's TLS: the PEM certificate chain and key files (both or neither), and whether plain
   * HTTP beyond loopback is allowed (behind a TLS-terminating proxy).
   */
  public record HttpTls(Optional<Path> certFile, Optional<Path> keyFile, boolean allowPlaintext) {
    public boolean enabled() {
      return certFile.isPresent();
    }
  }

  /**
   * How GetKeyLastUsage's record is kept: a key's use is written at most once per {@code
   * writeInterval}; pending uses are written every {@code flushInterval}.
   */
  public record UsageTracking(Duration writeInterval, Duration flushInterval) {}

  /**
   * How zones compare their multi-zone keys' shared versions (kms.replication.anti-entropy): every
   * {@code interval} while {@code enabled}, first {@code startDelay} after start, a digest of
   * {@code buckets} buckets, at most {@code maxKeysPerRound} versions compared key by key per
   * exchange, the next exchange {@code catchUpPause} later while differences remain.
   */
  public record AntiEntropy(
      boolean enabled,
      Duration interval,
      Duration startDelay,
      int buckets,
      int maxKeysPerRound,
      Duration catchUpPause) {}

  private static final String ZONE_PATTERN = "^([a-z]+-){2,3}\\d+$";

  public static NodeSettings from(Config root) {
    Config kms = root.getConfig("kms");
    String zone = kms.getString("zone").trim();
    if (!zone.matches(ZONE_PATTERN)) {
      throw new InvalidSettingException(
          "kms.zone (KMS_ZONE) must look like ch-gva-2 (letters-letters-digits), got '"
              + zone
              + "'");
    }
    Set<String> zones = new LinkedHashSet<>();
    zones.add(zone);
    for (String z : splitList(kms.getString("zones"))) {
      if (!z.matches(ZONE_PATTERN)) {
        throw new InvalidSettingException(
            "kms.zones (KMS_ZONES) contains an invalid zone '" + z + "'");
      }
      zones.add(z);
    }
    int port = kms.getInt("http.port");
    if (port < 0 || port > 65535) {
      throw new InvalidSettingException(
          "kms.http.port (KMS_HTTP_PORT) must be 0..65535, got " + port);
    }
    Dialect dialect;
    try {
      dialect = Dialect.parse(kms.getString("dialect"));
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(
          "kms.dialect (KMS_DIALECT) must be 'aws' or 'seed', got '"
              + kms.getString("dialect")
              + "'");
    }
    Duration headTimeout = positiveDuration(kms, "http.head-timeout");
    Path dataDir = Path.of(kms.getString("data-dir")).toAbsolutePath().normalize();
    String platformPrimary = kms.getString("platform-primary-zone").trim();
    if (platformPrimary.isEmpty()) {
      List<String> listed = splitList(kms.getString("zones"));
      platformPrimary = listed.isEmpty() ? zone : listed.get(0);
    }
    return new NodeSettings(
        zone,
        Set.copyOf(zones),
        platformPrimary,
        kms.getString("http.host"),
        port,
        kms.getBytes("http.max-request-bytes"),
        kms.getDuration("http.body-timeout"),
        headTimeout,
        dataDir,
        DatabaseSettings.from(kms.getConfig("db"), dataDir),
        MasterKeySource.from(kms, dataDir),
        optionalPath(kms.getString("credentials-file")),
        positiveDuration(kms, "credentials-check-interval"),
        dialect,
        arns(dialect, kms.getString("arn-partition").trim(), zone),
        kms.getDuration("ask-timeout"),
        kms.getDuration("deletion.sweep-interval"),
        kms.getDuration("rotation.check-interval"),
        kms.getDuration("replication.retry-interval"),
        kms.getDuration("replication.push-timeout"),
        kms.getDuration("replication.max-backoff"),
        antiEntropy(kms),
        kms.getString("management.host"),
        kms.getInt("management.port"),
        quotas(kms),
        positive(kms, "key-presence-cache-size"),
        new UsageTracking(
            positiveDuration(kms, "usage-tracking.write-interval"),
            positiveDuration(kms, "usage-tracking.flush-interval")),
        httpTls(kms),
        positiveDuration(kms, "cluster.membership-check-interval"),
        MasterKeyRotationSettings.from(kms),
        AuditSettings.from(kms, dataDir),
        RequestLogging.parse(kms.getString("request-log")));
  }

  private static AntiEntropy antiEntropy(Config kms) {
    String path = "replication.anti-entropy.";
    return new AntiEntropy(
        kms.getBoolean(path + "enabled"),
        positiveDuration(kms, path + "interval"),
        positiveDuration(kms, path + "start-delay"),
        positive(kms, path + "buckets"),
        positive(kms, path + "max-keys-per-round"),
        positiveDuration(kms, path + "catch-up-pause"));
  }

  private static HttpTls httpTls(Config kms) {
    Optional<Path> cert = optionalPath(kms.getString("http.tls.cert-file"));
    Optional<Path> key = optionalPath(kms.getString("http.tls.key-file"));
    if (cert.isPresent() != key.isPresent()) {
      throw new InvalidSettingException(
          "KMS_TLS_CERT_FILE and KMS_TLS_KEY_FILE (kms.http.tls) go together: set both for HTTPS, "
              + "or neither");
    }
    return new HttpTls(cert, key, kms.getBoolean("http.allow-plaintext"));
  }

  /**
   * A node whose API faces the network speaks TLS, or says it is behind a TLS-terminating proxy.
   *
   * @throws InvalidSettingException otherwise
   */
  public void requireTlsBeyondLoopback() {
    if (!boundToLoopback() && !httpTls.enabled() && !httpTls.allowPlaintext()) {
      throw new InvalidSettingException(
          "The API binds to "
              + httpHost
              + ", beyond loopback, without TLS: set KMS_TLS_CERT_FILE and KMS_TLS_KEY_FILE, or "
              + "KMS_ALLOW_PLAINTEXT_HTTP=true if a proxy terminates TLS in front of this node.");
    }
  }

  static Duration positiveDuration(Config kms, String path) {
    Duration value = kms.getDuration(path);
    if (value.isNegative() || value.isZero()) {
      throw new InvalidSettingException(
          "kms." + path + " must be positive, got '" + kms.getString(path) + "'");
    }
    return value;
  }

  private static int positive(Config kms, String path) {
    int value = kms.getInt(path);
    if (value < 1) {
      throw new InvalidSettingException("kms." + path + " must be at least 1, got " + value);
    }
    return value;
  }

  private static Arns arns(Dialect dialect, String partition, String zone) {
    try {
      return Arns.of(dialect, partition, zone);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException("kms.arn-partition (KMS_ARN_PARTITION): " + e.getMessage());
    }
  }

  private static Quotas quotas(Config kms) {
    try {
      return Quotas.from(kms.getConfig("quotas"));
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException("kms.quotas: " + e.getMessage());
    }
  }

  /** Whether {@code name} is spelled as a zone (letters-letters-digits, e.g. ch-gva-2). */
  public static boolean isZoneName(String name) {
    return name.matches(ZONE_PATTERN);
  }

  /** Whether the HTTP API is bound to a loopback address: only then may dev defaults apply. */
  public boolean boundToLoopback() {
    return isLoopback(httpHost);
  }

  /** Whether {@code host} names a loopback address (an unknown name does not). */
  public static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  static List<String> splitList(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static Optional<Path> optionalPath(String value) {
    return value.isBlank() ? Optional.empty() : Optional.of(Path.of(value.trim()));
  }
}
