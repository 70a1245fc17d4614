package com.verenc.kms.node.config;

import com.typesafe.config.Config;
import java.nio.file.Path;

/** Where the zone's database is: PostgreSQL when a URL is given, else an H2 file. */
public record DatabaseSettings(
    Kind kind,
    String url,
    String user,
    String password,
    int maxConnections,
    int journalConnections,
    java.time.Duration connectionTimeout) {

  /** The two databases a node runs on. */
  public enum Kind {
    H2("org.h2.Driver", "slick.jdbc.H2Profile$", "db/h2-schema.sql"),
    POSTGRES("org.postgresql.Driver", "slick.jdbc.PostgresProfile$", "db/postgres-schema.sql");

    public final String driver;
    public final String slickProfile;
    public final String schemaResource;

    Kind(String driver, String slickProfile, String schemaResource) {
      this.driver = driver;
      this.slickProfile = slickProfile;
      this.schemaResource = schemaResource;
    }
  }

  static DatabaseSettings from(Config db, Path dataDir) {
    String url = db.getString("url").trim();
    int max = db.getInt("max-connections");
    int journal = db.getInt("journal-connections");
    java.time.Duration timeout = db.getDuration("connection-timeout");
    if (url.isEmpty()) {
      String file = dataDir.resolve("kms").toString().replace('\\', '/');
      // WRITE_DELAY=0: H2 otherwise writes a committed transaction to its file up to 500 ms
      // later, so a node process killed (kill -9, OOM killer) right after acknowledging a
      // CreateKey or a rotation loses it. A KMS must never lose an acknowledged write; the
      // cost is one file write per commit (KillNineCrashSafetyTest finds the loss without it).
      // An empty password is replaced at start by one derived from the master key
      // (EmbeddedDatabasePassword).
      // DB_CLOSE_ON_EXIT=FALSE: H2's own JVM shutdown hook would close the database while
      // SIGTERM's coordinated shutdown still uses it (the usage ledger's final flush failed with
      // "Database is already closed"); the node closes it when its actor system has terminated.
      return new DatabaseSettings(
          Kind.H2,
          "jdbc:h2:file:" + file + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
          "sa",
          db.getString("password"),
          max,
          journal,
          timeout);
    }
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new InvalidSettingException(
          "kms.db.url (KMS_DB_URL) must be a PostgreSQL JDBC URL such as "
              + "jdbc:postgresql://127.0.0.1:5432/kms, or empty for the embedded H2 database; got '"
              + url
              + "'");
    }
    return new DatabaseSettings(
        Kind.POSTGRES, url, db.getString("user"), db.getString("password"), max, journal, timeout);
  }

  /** These settings with another password (the embedded database's, derived at start). */
  public DatabaseSettings withPassword(String newPassword) {
    return new DatabaseSettings(
        kind, url, user, newPassword, maxConnections, journalConnections, connectionTimeout);
  }

  /** The URL with any password parameter removed, for log lines. */
  public String describe() {
    return kind + " " + url.replaceAll("(?i)password=[^&;]*", "password=***");
  }
}
