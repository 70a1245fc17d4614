package com.verenc.kms.node.reliability.outage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.verenc.kms.node.reliability.ReliabilitySize;
import com.verenc.kms.node.reliability.outage.SteadyLoad.Call;
import com.verenc.kms.node.reliability.outage.SteadyLoad.Sealed;
import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.ListKeysResponse;

/**
 * PostgreSQL taken away under steady load, through a proxy the test controls: first every
 * connection is cut and new ones refused, then new ones are black-holed, then the database comes
 * back. Requests that need the database must fail fast with a 5xx KMS error, crypto on keys the
 * node has loaded keeps working, the node recovers on its own, and everything it acknowledged is
 * still there afterwards, and after a restart.
 */
class DatabaseOutageTest {
  /**
   * No call may take longer than this, outage or not: the node must fail fast, not hang. The node
   * answers DependencyTimeoutException after kms.ask-timeout (5 s); the rest is slack for a loaded
   * 2-core CI machine (one full run saw 6.3 s at load average 30).
   */
  private static final Duration FAIL_FAST_BOUND = Duration.ofSeconds(8);

  /**
   * CreateKey asks the key entity and then the account directory, each bounded by the ask timeout,
   * so it may legitimately take two of them (one run saw a CreateKey answered 200 after 8.06 s: its
   * second ask waited for the database to come back).
   */
  private static final Duration CREATE_KEY_BOUND = Duration.ofSeconds(13);

  /** After the database is back, the node must serve database-backed requests within this. */
  private static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);

  private static final Set<String> OUTAGE_ERRORS =
      Set.of("KMSInternalException", "DependencyTimeoutException");
  private static final Set<String> CRYPTO = Set.of("Encrypt", "Decrypt", "GenerateDataKey");

  private final List<AutoCloseable> resources = new ArrayList<>();
  private Path dir;
  private TestNode node;

  @AfterEach
  void stopEverything() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
    TestNode.discard(node, dir);
  }

  @Test
  void acknowledgedKeysAndCiphertextsSurviveADatabaseOutage() throws IOException {
    Duration outage = ReliabilitySize.pick(Duration.ofSeconds(10), Duration.ofSeconds(60));
    dir = Files.createTempDirectory("kms-db-outage");
    TestDatabase database = TestDatabase.freshPostgres(dir);
    URI direct =
        URI.create(((String) database.config().get("kms.db.url")).substring("jdbc:".length()));
    DatabaseProxy proxy = DatabaseProxy.start(direct.getPort());
    resources.add(proxy);
    node =
        TestNode.start(
            database,
            Map.of("kms.db.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + direct.getPath()));
    KmsClient admin = node.client();
    resources.add(admin);

    List<String> warm = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String keyId = admin.createKey(b -> b.description("warm key")).keyMetadata().keyId();
      admin.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("load the key")));
      warm.add(keyId);
    }
    SteadyLoad load = new SteadyLoad(warm);
    resources.add(load);
    load.start(4, 3, node::client);
    sleep(Duration.ofSeconds(3));

    long cutAt = System.nanoTime();
    proxy.cut(DatabaseProxy.Mode.REFUSE);
    sleep(outage.dividedBy(2));
    proxy.treatNewConnections(DatabaseProxy.Mode.BLACKHOLE);
    sleep(outage.dividedBy(2));
    long restoredAt = System.nanoTime();
    proxy.restore();
    long firstCreateAt = firstCreateKeyAfter(admin, restoredAt);
    sleep(Duration.ofSeconds(3));
    load.stop();

    List<Call> calls = load.calls();
    OutageFigures figures = OutageFigures.of(calls, cutAt, restoredAt, firstCreateAt);
    int keysVerified = verifyNothingLost(admin, load);

    long restartStart = System.nanoTime();
    node.restart();
    long restartMillis = (System.nanoTime() - restartStart) / 1_000_000;
    KmsClient afterRestart = node.client();
    resources.add(afterRestart);
    int keysAfterRestart = verifyNothingLost(afterRestart, load);

    System.out.println(
        "RELIABILITY outage size="
            + ReliabilitySize.label()
            + " db=postgresql outage-s="
            + outage.toSeconds()
            + " (refuse "
            + outage.dividedBy(2).toSeconds()
            + " s, then black-hole "
            + outage.dividedBy(2).toSeconds()
            + " s) "
            + figures.line()
            + " keys-verified="
            + keysVerified
            + " ciphertexts-verified="
            + load.acknowledgedCiphertexts().size()
            + " restart-ms="
            + restartMillis
            + " keys-verified-after-restart="
            + keysAfterRestart
            + " ciphertexts-verified-after-restart="
            + load.acknowledgedCiphertexts().size());

    List<Call> hung =
        calls.stream().filter(c -> c.status() < 0 || c.millis() > boundOf(c).toMillis()).toList();
    assertTrue(
        hung.isEmpty(),
        () ->
            hung.size()
                + " calls took longer than "
                + FAIL_FAST_BOUND.toSeconds()
                + " s (CreateKey "
                + CREATE_KEY_BOUND.toSeconds()
                + " s) or got no answer, e.g. "
                + hung.get(0));
    List<Call> unclear =
        calls.stream()
            .filter(c -> !c.ok())
            .filter(
                c ->
                    c.status() < 500
                        || !OUTAGE_ERRORS.contains(c.errorCode())
                        || c.message() == null
                        || c.message().isBlank())
            .toList();
    assertTrue(
        unclear.isEmpty(),
        () ->
            unclear.size()
                + " failures were not a 5xx KMSInternalException or "
                + "DependencyTimeoutException with a message, e.g. "
                + unclear.get(0));
    assertEquals(0, figures.failedBefore(), "no failures before the outage");
    assertTrue(figures.failed() > 0, "the outage must be felt by requests that need the database");
    assertEquals(
        0,
        figures.cryptoFailedDuringOutage(),
        "crypto on keys the node has loaded needs no database and must keep working");
    assertTrue(
        figures.lastFailureAfterRestoreMillis() <= RECOVERY_BOUND.toMillis(),
        "requests still failed "
            + figures.lastFailureAfterRestoreMillis()
            + " ms after the database was back");
  }

  /** Tries CreateKey (journal and key secret table both needed) until it works, and says when. */
  private static long firstCreateKeyAfter(KmsClient kms, long restoredAt) {
    while (System.nanoTime() - restoredAt < RECOVERY_BOUND.toNanos() * 2) {
      try {
        kms.createKey(b -> b.description("recovery probe"));
        return System.nanoTime();
      } catch (RuntimeException notYet) {
        sleep(Duration.ofMillis(100));
      }
    }
    return fail(
        "CreateKey did not work again within "
            + RECOVERY_BOUND.multipliedBy(2).toSeconds()
            + " s after the database came back");
  }

  /**
   * Every acknowledged key is there, enabled and listed; every acknowledged ciphertext decrypts.
   */
  private static int verifyNothingLost(KmsClient kms, SteadyLoad load) {
    Set<String> listed = new HashSet<>();
    String marker = null;
    do {
      String m = marker;
      ListKeysResponse page = kms.listKeys(b -> b.limit(1000).marker(m));
      page.keys().stream().map(KeyListEntry::keyId).forEach(listed::add);
      marker = Boolean.TRUE.equals(page.truncated()) ? page.nextMarker() : null;
    } while (marker != null);
    List<String> keys = load.acknowledgedKeys();
    for (String keyId : keys) {
      assertTrue(listed.contains(keyId), "acknowledged key " + keyId + " is missing from ListKeys");
      assertEquals(
          KeyState.ENABLED,
          kms.describeKey(b -> b.keyId(keyId)).keyMetadata().keyState(),
          "acknowledged key " + keyId);
    }
    for (Sealed one : load.acknowledgedCiphertexts()) {
      byte[] plaintext =
          kms.decrypt(b -> b.ciphertextBlob(SdkBytes.fromByteArray(one.ciphertext())))
              .plaintext()
              .asByteArray();
      assertArrayEquals(one.plaintext(), plaintext, "acknowledged ciphertext under " + one.keyId());
    }
    assertFalse(keys.isEmpty());
    return keys.size();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What the calls say about the outage: failures, latencies, recovery. */
  record OutageFigures(
      int calls,
      int failed,
      int failedBefore,
      long maxFailingMillis,
      long maxMillis,
      int cryptoOkDuringOutage,
      int cryptoFailedDuringOutage,
      int dbOpsOkDuringOutage,
      int dbOpsFailedDuringOutage,
      long firstCreateAfterRestoreMillis,
      long lastFailureAfterRestoreMillis,
      Map<String, Long> failuresByType) {

    static OutageFigures of(List<Call> calls, long cutAt, long restoredAt, long firstCreateAt) {
      List<Call> during =
          calls.stream().filter(c -> c.endNanos() > cutAt && c.startNanos() < restoredAt).toList();
      List<Call> failures = calls.stream().filter(c -> !c.ok()).toList();
      return new OutageFigures(
          calls.size(),
          failures.size(),
          (int) failures.stream().filter(c -> c.endNanos() < cutAt).count(),
          failures.stream().mapToLong(Call::millis).max().orElse(0),
          calls.stream().mapToLong(Call::millis).max().orElse(0),
          (int) during.stream().filter(c -> CRYPTO.contains(c.operation()) && c.ok()).count(),
          (int) during.stream().filter(c -> CRYPTO.contains(c.operation()) && !c.ok()).count(),
          (int) during.stream().filter(c -> !CRYPTO.contains(c.operation()) && c.ok()).count(),
          (int) during.stream().filter(c -> !CRYPTO.contains(c.operation()) && !c.ok()).count(),
          (firstCreateAt - restoredAt) / 1_000_000,
          Math.max(
                  0,
                  failures.stream().mapToLong(Call::endNanos).max().orElse(restoredAt) - restoredAt)
              / 1_000_000,
          new TreeMap<>(
              failures.stream()
                  .collect(
                      Collectors.groupingBy(
                          c -> c.operation() + ":" + c.status() + ":" + c.errorCode(),
                          Collectors.counting()))));
    }

    String line() {
      return "calls="
          + calls
          + " failed="
          + failed
          + " failures="
          + failuresByType
          + " max-failing-latency-ms="
          + maxFailingMillis
          + " max-latency-ms="
          + maxMillis
          + " during-outage{crypto-ok="
          + cryptoOkDuringOutage
          + " crypto-failed="
          + cryptoFailedDuringOutage
          + " createkey-ok="
          + dbOpsOkDuringOutage
          + " createkey-failed="
          + dbOpsFailedDuringOutage
          + "} recovery-first-createkey-ms="
          + firstCreateAfterRestoreMillis
          + " recovery-last-failure-ms="
          + lastFailureAfterRestoreMillis;
    }
  }

  private static Duration boundOf(Call call) {
    return call.operation().equals("CreateKey") ? CREATE_KEY_BOUND : FAIL_FAST_BOUND;
  }
}
