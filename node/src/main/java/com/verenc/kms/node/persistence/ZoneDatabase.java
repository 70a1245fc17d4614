package com.verenc.kms.node.persistence;

import com.verenc.kms.node.config.DatabaseSettings;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/** The zone database as the node's own code sees it: a small pool and an idempotent schema. */
public final class ZoneDatabase implements AutoCloseable {
  /** The advisory lock key held while the schema is created ("KMSSCHEM" in ASCII). */
  private static final long SCHEMA_LOCK = 0x4b4d53534348454dL;

  private final HikariDataSource dataSource;
  private final DatabaseSettings settings;

  private ZoneDatabase(HikariDataSource dataSource, DatabaseSettings settings) {
    this.dataSource = dataSource;
    this.settings = settings;
  }

  /** Connects and creates every table the node and the journal need, if missing. */
  public static ZoneDatabase open(DatabaseSettings settings) {
    return open(settings, List.of());
  }

  /**
   * As {@link #open(DatabaseSettings)}; an embedded database that still has one of {@code
   * formerPasswords} (derived from a previous master key) is given the one in {@code settings}.
   */
  public static ZoneDatabase open(DatabaseSettings settings, List<String> formerPasswords) {
    if (settings.kind() == DatabaseSettings.Kind.H2) {
      H2PasswordUpgrade.ensure(settings, formerPasswords);
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("kms-zone-db");
    config.setJdbcUrl(settings.url());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setDriverClassName(settings.kind().driver);
    config.setMaximumPoolSize(settings.maxConnections());
    config.setMinimumIdle(1);
    config.setConnectionTimeout(settings.connectionTimeout().toMillis());
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new DatabaseUnavailableException(
          "cannot connect to the zone database " + settings.describe() + ": " + rootMessage(e), e);
    }
    ZoneDatabase db = new ZoneDatabase(ds, settings);
    try {
      db.installSchema();
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    return db;
  }

  /** The pool's connections by state, for the metrics. */
  public enum PoolState {
    ACTIVE,
    IDLE,
    PENDING;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** How many of the pool's connections are in {@code state} now (0 before the pool is up). */
  public int connections(PoolState state) {
    var pool = dataSource.getHikariPoolMXBean();
    if (pool == null) {
      return 0;
    }
    return switch (state) {
      case ACTIVE -> pool.getActiveConnections();
      case IDLE -> pool.getIdleConnections();
      case PENDING -> pool.getThreadsAwaitingConnection();
    };
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public DatabaseSettings settings() {
    return settings;
  }

  private void installSchema() {
    // Comments go first, so a ';' inside one cannot split a statement.
    String script = stripComments(readResource(settings.kind().schemaResource));
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      // One transaction (the pool rolls back one left open by a failure). On PostgreSQL under a
      // zone-wide lock: nodes starting together on a new database would otherwise race through
      // the IF NOT EXISTS statements and collide in the catalog (duplicate type names); the next
      // node waits, then finds every table. H2 files are opened by one node only.
      c.setAutoCommit(false);
      if (settings.kind() == DatabaseSettings.Kind.POSTGRES) {
        st.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
      }
      for (String sql : script.split(";")) {
        if (!sql.isBlank()) {
          st.execute(sql.trim());
        }
      }
      c.commit();
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(
          "cannot create the schema in " + settings.describe() + ": " + e.getMessage(), e);
    }
  }

  private static String stripComments(String sql) {
    StringBuilder out = new StringBuilder();
    for (String line : sql.split("\n")) {
      if (!line.trim().startsWith("--")) {
        out.append(line).append('\n');
      }
    }
    return out.toString().trim();
  }

  private static String readResource(String name) {
    try (InputStream in = ZoneDatabase.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "schema resource " + name + " is missing from the node jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
