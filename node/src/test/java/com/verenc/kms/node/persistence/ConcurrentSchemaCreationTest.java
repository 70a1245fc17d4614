package com.verenc.kms.node.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.verenc.kms.node.config.DatabaseSettings;
import com.verenc.kms.node.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nodes of a zone starting together on a new PostgreSQL database all create its schema. */
class ConcurrentSchemaCreationTest {
  private static final int NODES = 8;

  @TempDir Path dir;

  @Test
  void nodesStartingTogetherOnANewDatabaseAllSucceed() throws Exception {
    for (int round = 0; round < 3; round++) {
      TestDatabase database = TestDatabase.freshPostgres(dir);
      try {
        openConcurrently(settings(database));
        try (Connection c = database.connect();
            Statement st = c.createStatement();
            ResultSet rs =
                st.executeQuery(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
                        + " AND table_name IN ('event_journal', 'event_tag', 'snapshot',"
                        + " 'kms_key_secret', 'kms_key_schedule')")) {
          rs.next();
          assertEquals(5, rs.getInt(1), "every table exists once");
        }
      } finally {
        database.drop();
      }
    }
  }

  private static void openConcurrently(DatabaseSettings settings) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(NODES);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<CompletableFuture<Void>> opens = new ArrayList<>();
      for (int i = 0; i < NODES; i++) {
        opens.add(
            CompletableFuture.runAsync(
                () -> {
                  try {
                    start.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                  }
                  ZoneDatabase.open(settings).close();
                },
                pool));
      }
      start.countDown();
      // Fails with the first node that could not create the schema.
      CompletableFuture.allOf(opens.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
  }

  private static DatabaseSettings settings(TestDatabase database) {
    return new DatabaseSettings(
        DatabaseSettings.Kind.POSTGRES,
        (String) database.config().get("kms.db.url"),
        TestDatabase.POSTGRES_USER,
        "",
        2,
        2,
        Duration.ofSeconds(10));
  }
}
