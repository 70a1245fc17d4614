package com.verenc.kms.node.testkit;

import com.verenc.kms.crypto.masterkey.FileMasterKey;
import com.verenc.kms.node.config.DatabaseSettings;
import com.verenc.kms.node.persistence.EmbeddedDatabasePassword;
import com.verenc.kms.node.persistence.ZoneDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Where a test node keeps its data: an H2 file in a temp dir, or a fresh PostgreSQL database. */
public record TestDatabase(String kind, Map<String, Object> config) {
  public static final String POSTGRES_ADMIN_URL =
      System.getenv().getOrDefault("KMS_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  public static final String POSTGRES_USER =
      System.getenv().getOrDefault("KMS_TEST_PG_USER", "postgres");

  public static TestDatabase h2(Path dataDir) {
    return new TestDatabase("h2", Map.of("kms.data-dir", dataDir.toString()));
  }

  /**
   * Creates a new, empty database on the local PostgreSQL. When PostgreSQL is not there the test is
   * skipped on a developer machine, but fails under CI=true: CI must run these.
   */
  public static TestDatabase freshPostgres(Path dataDir) {
    String name = "kms_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(POSTGRES_ADMIN_URL, POSTGRES_USER, "");
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      String why = "PostgreSQL at " + POSTGRES_ADMIN_URL + " is not reachable: " + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(why + " (CI=true: the PostgreSQL tests must run)");
      }
      Assumptions.abort(why);
    }
    String url = POSTGRES_ADMIN_URL.substring(0, POSTGRES_ADMIN_URL.lastIndexOf('/') + 1) + name;
    return new TestDatabase(
        "postgres",
        Map.of(
            "kms.data-dir",
            dataDir.toString(),
            "kms.db.url",
            url,
            "kms.db.user",
            POSTGRES_USER,
            "kms.db.password",
            ""));
  }

  /**
   * Drops a PostgreSQL database made by {@link #freshPostgres} once its node is closed; best
   * effort, so a leftover database never fails a test. Nothing to do for H2 (the temp dir goes).
   */
  public void drop() {
    if (!kind.equals("postgres")) {
      return;
    }
    String url = (String) config.get("kms.db.url");
    String name = url.substring(url.lastIndexOf('/') + 1);
    try (Connection c = DriverManager.getConnection(POSTGRES_ADMIN_URL, POSTGRES_USER, "");
        Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      System.err.println("Could not drop test database " + name + ": " + e.getMessage());
    }
  }

  /**
   * This database opened as a zone database (the node's own schema, a pool of two), for tests of
   * the node's tables without a node; H2 without a password.
   */
  public ZoneDatabase openZoneDatabase() {
    boolean postgres = kind.equals("postgres");
    String url =
        postgres
            ? (String) config.get("kms.db.url")
            : "jdbc:h2:file:"
                + Path.of((String) config.get("kms.data-dir")).resolve("kms")
                + ";WRITE_DELAY=0";
    return ZoneDatabase.open(
        new DatabaseSettings(
            postgres ? DatabaseSettings.Kind.POSTGRES : DatabaseSettings.Kind.H2,
            url,
            postgres ? POSTGRES_USER : "sa",
            "",
            2,
            1,
            Duration.ofSeconds(3)));
  }

  public Connection connect() throws SQLException {
    if (kind.equals("postgres")) {
      return DriverManager.getConnection((String) config.get("kms.db.url"), POSTGRES_USER, "");
    }
    Path dataDir = Path.of((String) config.get("kms.data-dir")).toAbsolutePath();
    // The node's H2 password is derived from its master key (EmbeddedDatabasePassword).
    String password =
        EmbeddedDatabasePassword.derive(FileMasterKey.readFrom(dataDir.resolve("master.key")));
    return DriverManager.getConnection(
        "jdbc:h2:file:" + dataDir.resolve("kms").toString().replace('\\', '/'), "sa", password);
  }
}
