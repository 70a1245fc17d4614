package com.verenc.kms.node.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import com.verenc.kms.crypto.masterkey.FileMasterKey;
import com.verenc.kms.crypto.masterkey.MasterKeyRing;
import com.verenc.kms.node.config.DatabaseSettings;
import com.verenc.kms.node.config.NodeSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded database opens only with the node's password, old password-less ones included. */
class EmbeddedDatabasePasswordTest {
  @TempDir Path dir;

  private DatabaseSettings h2(String password) {
    return new DatabaseSettings(
        DatabaseSettings.Kind.H2,
        "jdbc:h2:file:" + dir.resolve("kms") + ";WRITE_DELAY=0",
        "sa",
        password,
        2,
        1,
        Duration.ofSeconds(3));
  }

  private void assertWrongPassword(String password) {
    SQLException e =
        assertThrows(
            SQLException.class,
            () -> DriverManager.getConnection(h2("").url(), "sa", password).close());
    assertEquals(28000, e.getErrorCode(), e.getMessage());
  }

  @Test
  void aNewDatabaseGetsThePasswordDerivedFromTheMasterKey() throws SQLException {
    FileMasterKey master = FileMasterKey.generate();
    DatabaseSettings settings = EmbeddedDatabasePassword.apply(h2(""), master);
    assertEquals(EmbeddedDatabasePassword.derive(master), settings.password());
    assertNotEquals(
        EmbeddedDatabasePassword.derive(master),
        EmbeddedDatabasePassword.derive(FileMasterKey.generate()));
    ZoneDatabase.open(settings).close();
    assertWrongPassword("");
    try (Connection c = DriverManager.getConnection(settings.url(), "sa", settings.password())) {
      assertEquals(false, c.isClosed());
    }
  }

  @Test
  void aConfiguredPasswordWins() {
    NodeSettings settings =
        NodeSettings.from(
            ConfigFactory.parseMap(
                    Map.of(
                        "kms.db.password", "from-KMS_DB_PASSWORD", "kms.data-dir", dir.toString()))
                .withFallback(ConfigFactory.defaultReference())
                .resolve());
    DatabaseSettings configured =
        EmbeddedDatabasePassword.apply(settings.database(), FileMasterKey.generate());
    assertEquals(DatabaseSettings.Kind.H2, configured.kind());
    assertEquals("from-KMS_DB_PASSWORD", configured.password());
  }

  @Test
  void aDatabaseCreatedWithoutPasswordIsGivenTheNodesPassword() throws SQLException {
    try (Connection old = DriverManager.getConnection(h2("").url(), "sa", "")) {
      old.createStatement().execute("CREATE TABLE kept (id INT)");
    }
    DatabaseSettings settings = EmbeddedDatabasePassword.apply(h2(""), FileMasterKey.generate());
    ZoneDatabase.open(settings).close();
    assertWrongPassword("");
    try (Connection c = DriverManager.getConnection(settings.url(), "sa", settings.password())) {
      c.createStatement().execute("SELECT COUNT(*) FROM kept");
    }
  }

  @Test
  void anotherPasswordThanTheOneItWasCreatedWithIsRefusedSayingSo() {
    ZoneDatabase.open(EmbeddedDatabasePassword.apply(h2(""), FileMasterKey.generate())).close();
    DatabaseUnavailableException e =
        assertThrows(
            DatabaseUnavailableException.class,
            () ->
                ZoneDatabase.open(
                    EmbeddedDatabasePassword.apply(h2(""), FileMasterKey.generate())));
    assertEquals(
        true,
        e.getMessage().contains("KMS_DB_PASSWORD or master key it was created with"),
        e.getMessage());
  }

  @Test
  void aMasterKeyRotationMovesThePasswordToTheNewKeysAndOnlyWithThePreviousKeyGiven()
      throws SQLException {
    FileMasterKey old = FileMasterKey.generate();
    FileMasterKey current = FileMasterKey.generate();
    ZoneDatabase.open(EmbeddedDatabasePassword.apply(h2(""), old)).close();
    DatabaseSettings rotated = EmbeddedDatabasePassword.apply(h2(""), current);
    assertThrows(
        DatabaseUnavailableException.class,
        () ->
            ZoneDatabase.open(
                rotated, EmbeddedDatabasePassword.former(h2(""), MasterKeyRing.of(current))));

    List<String> former =
        EmbeddedDatabasePassword.former(h2(""), MasterKeyRing.of(current, List.of(old)));
    assertEquals(List.of(EmbeddedDatabasePassword.derive(old)), former);
    ZoneDatabase.open(rotated, former).close();
    assertWrongPassword(EmbeddedDatabasePassword.derive(old));
    ZoneDatabase.open(rotated).close();
    assertEquals(
        List.of(),
        EmbeddedDatabasePassword.former(h2("configured"), MasterKeyRing.of(current, List.of(old))),
        "a configured password is not derived, so a rotation leaves it");
  }
}
