package com.verenc.kms.node.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.persistence.ZoneDatabase;
import com.verenc.kms.node.testkit.MutableClock;
import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.protocol.Operation;
import com.verenc.kms.protocol.model.EncryptResponse;
import com.verenc.kms.protocol.model.ReEncryptResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The usage ledger writes a key's first use at the next flush, later uses at most once per write
 * interval, everything pending when told to (shutdown), and survives a database that fails.
 */
class UsageLedgerTest {
  private static final String ARN = "arn:aws:kms:ch-gva-2:111122223333:key/";
  private static final String KEY_A = "1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final String KEY_B = "0000abcd-12ab-34cd-56ef-1234567890ab";

  @TempDir Path dir;
  private ZoneDatabase database;
  private UsageStore store;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
  private UsageLedger ledger;

  @BeforeEach
  void open() {
    database = TestDatabase.h2(dir).openZoneDatabase();
    store = new UsageStore(database.dataSource());
    ledger = new UsageLedger(store, clock, Duration.ofHours(1), Runnable::run);
  }

  @AfterEach
  void close() {
    database.close();
  }

  private void encrypt(String keyId, String requestId) {
    ledger.record(
        Operation.Encrypt,
        new EncryptResponse(new byte[1], ARN + keyId, "SYMMETRIC_DEFAULT"),
        requestId);
  }

  private Optional<KeyUse> stored(String keyId) {
    return store.read(keyId);
  }

  @Test
  void theFirstUseIsWrittenAtTheNextFlushThenAtMostOnceAnHour() {
    Instant first = clock.instant();
    encrypt(KEY_A, "r1");
    assertEquals(Optional.empty(), stored(KEY_A), "nothing is written on the request path");
    ledger.flush(false);
    assertEquals(Optional.of(new KeyUse("Encrypt", first, "r1")), stored(KEY_A));

    clock.advance(Duration.ofMinutes(10));
    encrypt(KEY_A, "r2");
    ledger.flush(false);
    assertEquals(first, stored(KEY_A).orElseThrow().at(), "within the hour: not written");
    // The node itself knows the later use.
    assertEquals(
        "r2", ledger.lastUse(ARN + KEY_A).toCompletableFuture().join().orElseThrow().requestId());

    clock.advance(Duration.ofMinutes(51));
    ledger.flush(false);
    assertEquals("r2", stored(KEY_A).orElseThrow().requestId(), "an hour after the last write");
  }

  @Test
  void aFlushForShutdownWritesEveryPendingUse() {
    encrypt(KEY_A, "r1");
    ledger.flush(false);
    clock.advance(Duration.ofMinutes(1));
    encrypt(KEY_A, "r2");
    ledger.flush(true);
    assertEquals("r2", stored(KEY_A).orElseThrow().requestId());
  }

  @Test
  void reEncryptUsesBothKeysAndOtherResponsesNone() {
    ledger.record(
        Operation.ReEncrypt,
        new ReEncryptResponse(
            new byte[1], ARN + KEY_A, ARN + KEY_B, "SYMMETRIC_DEFAULT", "SYMMETRIC_DEFAULT"),
        "r1");
    ledger.flush(false);
    assertEquals("ReEncrypt", stored(KEY_A).orElseThrow().operation());
    assertEquals("ReEncrypt", stored(KEY_B).orElseThrow().operation());
  }

  @Test
  void aWriteNeverMovesTheLastUseBackwards() {
    // Two nodes of a zone: the later use stands whichever writes last.
    store.write(KEY_A, new KeyUse("Sign", clock.instant().plusSeconds(60), "later"));
    store.write(KEY_A, new KeyUse("Verify", clock.instant(), "earlier"));
    assertEquals("later", stored(KEY_A).orElseThrow().requestId());
  }

  @Test
  void aFailedWriteLeavesTheUsePendingForTheNextFlush() throws SQLException {
    encrypt(KEY_A, "r1");
    sql("ALTER TABLE kms_key_usage RENAME TO kms_key_usage_away");
    ledger.flush(false); // logged, not thrown
    sql("ALTER TABLE kms_key_usage_away RENAME TO kms_key_usage");
    assertEquals(Optional.empty(), stored(KEY_A));
    ledger.flush(false);
    assertEquals("r1", stored(KEY_A).orElseThrow().requestId());
  }

  private void sql(String statement) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute(statement);
    }
  }

  @Test
  void trackingStartsOncePerZone() {
    Instant started = ledger.trackingStart().toCompletableFuture().join();
    clock.advance(Duration.ofDays(3));
    UsageLedger later = new UsageLedger(store, clock, Duration.ofHours(1), Runnable::run);
    assertEquals(started, later.trackingStart().toCompletableFuture().join());
    assertTrue(started.isBefore(clock.instant()));
  }
}
