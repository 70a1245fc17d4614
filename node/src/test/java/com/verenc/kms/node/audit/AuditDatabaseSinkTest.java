package com.verenc.kms.node.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.verenc.kms.crypto.masterkey.FileMasterKey;
import com.verenc.kms.node.auth.Caller;
import com.verenc.kms.node.config.AuditSettings;
import com.verenc.kms.node.config.DatabaseSettings;
import com.verenc.kms.node.persistence.ZoneDatabase;
import com.verenc.kms.node.reliability.process.NodeProcess;
import com.verenc.kms.node.testkit.MutableClock;
import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import com.verenc.kms.protocol.model.ListKeysRequest;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsInternalException;

/**
 * The audit trail in the zone database ({@code kms.audit.sink = database}): one chain per node in
 * table kms_audit_record, continued when the node starts again, on H2 and PostgreSQL; a batch the
 * database refuses fails its requests and leaves the chain whole.
 */
class AuditDatabaseSinkTest {
  @TempDir Path dir;

  @Test
  void h2KeepsEachRequestInTheNodesChainAcrossARestart() throws Exception {
    recordsAcrossARestart(TestDatabase.h2(dir.resolve("data")));
  }

  @Test
  void postgresKeepsEachRequestInTheNodesChainAcrossARestart() throws Exception {
    TestDatabase database = TestDatabase.freshPostgres(dir.resolve("data"));
    try {
      recordsAcrossARestart(database);
    } finally {
      database.drop();
    }
  }

  private void recordsAcrossARestart(TestDatabase database) throws Exception {
    int remotePort = NodeProcess.freePort();
    Map<String, Object> config =
        Map.of("kms.audit.sink", "database", "kms.remote.port", remotePort);
    List<String> requestIds = new ArrayList<>();
    try (TestNode node = TestNode.start(database, config)) {
      try (KmsClient kms = node.client()) {
        String keyId = kms.createKey(r -> r.description("db audit")).keyMetadata().keyId();
        requestIds.add(kms.describeKey(r -> r.keyId(keyId)).responseMetadata().requestId());
      }
      node.restart();
      try (KmsClient kms = node.client()) {
        requestIds.add(kms.listKeys().responseMetadata().requestId());
      }
    }
    assertFalse(Files.exists(dir.resolve("data").resolve("audit")), "no audit files");

    List<JsonNode> records = AuditFileRecords.chain(lines(database, "127.0.0.1:" + remotePort));
    List<String> recorded =
        AuditFileRecords.ofType(records, "request").stream()
            .map(r -> r.path("requestId").asText())
            .toList();
    assertTrue(recorded.containsAll(requestIds), recorded + " lacks some of " + requestIds);
    List<String> starts =
        AuditFileRecords.ofType(records, "start").stream()
            .map(r -> r.path("previousRun").asText())
            .toList();
    assertEquals(List.of("new", "shutdown"), starts);
    assertEquals("signature", records.get(records.size() - 1).path("type").asText());
  }

  @Test
  void aRequestIsAnsweredOnlyOnceItsRecordIsWritten() throws Exception {
    TestDatabase database = TestDatabase.freshPostgres(dir.resolve("data"));
    try (TestNode node = TestNode.start(database, Map.of("kms.audit.sink", "database"));
        KmsClient kms = node.client()) {
      kms.listKeys();
      CompletableFuture<String> answer;
      try (Connection lock = database.connect();
          Statement st = lock.createStatement()) {
        lock.setAutoCommit(false);
        st.execute("LOCK TABLE kms_audit_record IN ACCESS EXCLUSIVE MODE");
        answer = CompletableFuture.supplyAsync(() -> kms.listKeys().responseMetadata().requestId());
        Thread.sleep(1500);
        assertFalse(answer.isDone(), "answered while its record could not be written");
        lock.rollback();
      }
      String requestId = answer.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertTrue(
          AuditFileRecords.chain(lines(database, nodeOf(database, requestId))).stream()
              .anyMatch(r -> r.path("requestId").asText().equals(requestId)),
          "no record of " + requestId);
    } finally {
      database.drop();
    }
  }

  /** The node whose chain holds a request's record. */
  private static String nodeOf(TestDatabase database, String requestId) throws SQLException {
    try (Connection c = database.connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT node FROM kms_audit_record WHERE line LIKE ?")) {
      ps.setString(1, "%\"requestId\":\"" + requestId + "\"%");
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "no row for " + requestId);
        return rs.getString(1);
      }
    }
  }

  @Test
  void aRequestWhoseRecordCannotBeWrittenIsAnsweredAsAnInternalError() throws Exception {
    TestDatabase database = TestDatabase.freshPostgres(dir.resolve("data"));
    try (TestNode node = TestNode.start(database, Map.of("kms.audit.sink", "database"));
        KmsClient kms = node.client()) {
      kms.listKeys();
      rename(database, "kms_audit_record", "kms_audit_record_away");

      KmsInternalException refused = assertThrows(KmsInternalException.class, kms::listKeys);
      assertTrue(refused.getMessage().contains("audit trail"), refused.getMessage());

      rename(database, "kms_audit_record_away", "kms_audit_record");
      kms.listKeys();
    } finally {
      database.drop();
    }
  }

  private static void rename(TestDatabase database, String from, String to) throws SQLException {
    try (Connection c = database.connect();
        Statement st = c.createStatement()) {
      st.execute("ALTER TABLE " + from + " RENAME TO " + to);
    }
  }

  @Test
  void aBatchTheDatabaseRefusesFailsItsRequestsAndTheChainGoesOnWhole() throws Exception {
    Path data = dir.resolve("flaky");
    String password = "audit-test";
    try (ZoneDatabase database =
        ZoneDatabase.open(
            new DatabaseSettings(
                DatabaseSettings.Kind.H2,
                "jdbc:h2:file:" + data.resolve("kms").toString().replace('\\', '/'),
                "sa",
                password,
                4,
                2,
                Duration.ofSeconds(3)))) {
      FlakyDataSource flaky = new FlakyDataSource(database.dataSource());
      AuditSettings settings =
          new AuditSettings(
              AuditSettings.Sink.DATABASE,
              data,
              1 << 20,
              1000,
              Duration.ofMinutes(5),
              AuditSettings.Durability.WRITE,
              Duration.ofSeconds(1));
      ChainedTrail trail =
          AuditTrails.open(settings)
              .startChain(
                  "ch-gva-2",
                  "127.0.0.1:1",
                  FileMasterKey.generate(),
                  flaky,
                  new MutableClock(Instant.now()));

      append(trail, "before").join();
      flaky.failing = true;
      CompletionException refused =
          assertThrows(CompletionException.class, () -> append(trail, "refused").join());
      assertInstanceOf(AuditUnavailableException.class, refused.getCause());
      flaky.failing = false;
      append(trail, "after").join();
      trail.close(Duration.ofSeconds(10));

      List<String> lines;
      try (Connection c = database.dataSource().getConnection()) {
        lines = AuditFileRecords.rows(c, null);
      }
      List<String> requests =
          AuditFileRecords.ofType(AuditFileRecords.chain(lines), "request").stream()
              .map(r -> r.path("requestId").asText())
              .toList();
      assertEquals(List.of("before", "after"), requests);
    }
  }

  private static CompletableFuture<Void> append(ChainedTrail trail, String requestId) {
    AuditDraft draft = trail.draft(requestId, "ListKeys", System.nanoTime(), "127.0.0.1", null);
    draft.caller(new Caller("111122223333", "test"));
    draft.request(new ListKeysRequest(null, null));
    return trail.append(draft.finish(null, System.nanoTime())).toCompletableFuture();
  }

  private static List<String> lines(TestDatabase database, String node) throws SQLException {
    try (Connection c = database.connect()) {
      return AuditFileRecords.rows(c, node);
    }
  }

  /** A data source that refuses connections while {@link #failing}, like a database gone away. */
  private static final class FlakyDataSource implements DataSource {
    private final DataSource delegate;
    volatile boolean failing;

    FlakyDataSource(DataSource delegate) {
      this.delegate = delegate;
    }

    @Override
    public Connection getConnection() throws SQLException {
      if (failing) {
        throw new SQLException("the database is away");
      }
      return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }
}
