package com.verenc.kms.node.persistence;

import com.verenc.kms.node.config.DatabaseSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives an embedded database that opens with H2's empty password, or with the password derived from
 * a previous master key, the node's password: a data directory made without one keeps opening and
 * stops opening without it, and one made under the master key a rotation replaces follows the new
 * key.
 */
final class H2PasswordUpgrade {
  private static final Logger log = LoggerFactory.getLogger(H2PasswordUpgrade.class);

  /** H2's "Wrong user name or password". */
  private static final int WRONG_PASSWORD = 28000;

  private H2PasswordUpgrade() {}

  static void ensure(DatabaseSettings settings, List<String> formerPasswords) {
    if (settings.password().isEmpty() || opens(settings, settings.password())) {
      return;
    }
    for (String former : formerPasswords) {
      if (opens(settings, former)) {
        setPassword(settings, former);
        log.warn(
            "The embedded database in {} had the password derived from the previous master key; it "
                + "now has the one derived from the current master key, so it opens only with that "
                + "key from now on.",
            settings.describe());
        return;
      }
    }
    setPassword(settings, "");
    log.warn(
        "The embedded database in {} had no password; it now has the node's (KMS_DB_PASSWORD, or the one "
            + "derived from the master key).",
        settings.describe());
  }

  private static void setPassword(DatabaseSettings settings, String oldPassword) {
    try (Connection c = DriverManager.getConnection(settings.url(), settings.user(), oldPassword);
        Statement st = c.createStatement()) {
      st.execute(
          "ALTER USER "
              + quoteIdentifier(settings.user())
              + " SET PASSWORD '"
              + settings.password().replace("'", "''")
              + "'");
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(
          "cannot open the embedded database "
              + settings.describe()
              + ": it opens neither with the node's password (KMS_DB_PASSWORD, or the one derived from the master key) "
              + "nor without one. Start the node with the KMS_DB_PASSWORD or master key it was created with "
              + "(after a master key rotation: with the previous master key as KMS_PREVIOUS_MASTER_KEY_*).",
          e);
    }
  }

  private static boolean opens(DatabaseSettings settings, String password) {
    try (Connection c = DriverManager.getConnection(settings.url(), settings.user(), password)) {
      return true;
    } catch (SQLException e) {
      if (e.getErrorCode() == WRONG_PASSWORD) {
        return false;
      }
      throw new DatabaseUnavailableException(
          "cannot open the embedded database " + settings.describe() + ": " + e.getMessage(), e);
    }
  }

  private static String quoteIdentifier(String name) {
    return "\"" + name.toUpperCase(java.util.Locale.ROOT).replace("\"", "\"\"") + "\"";
  }
}
