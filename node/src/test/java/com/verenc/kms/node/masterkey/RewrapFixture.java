package com.verenc.kms.node.masterkey;

import com.verenc.kms.crypto.RandomBytes;
import com.verenc.kms.crypto.masterkey.FileMasterKey;
import com.verenc.kms.crypto.masterkey.MasterKey;
import com.verenc.kms.crypto.masterkey.MasterKeyRing;
import com.verenc.kms.node.config.DatabaseSettings;
import com.verenc.kms.node.persistence.ZoneDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A zone database in memory (the node's schema) holding key secrets wrapped under an old master
 * key, and a ring whose current key is a new one, for the re-wrap job's tests.
 */
final class RewrapFixture implements AutoCloseable {
  static final String ZONE = "ch-gva-2";
  static final String PREFIX = "key|" + ZONE + "|";

  final FileMasterKey oldKey = FileMasterKey.generate();
  final FileMasterKey newKey = FileMasterKey.generate();
  final MasterKeyRing ring = MasterKeyRing.of(newKey, java.util.List.of(oldKey));
  final ZoneDatabase database;
  final RewrapJobStore store;

  /** The unwrapped secret of every row the fixture stored, by persistence id. */
  final Map<String, byte[]> secrets = new LinkedHashMap<>();

  RewrapFixture() {
    database =
        ZoneDatabase.open(
            new DatabaseSettings(
                DatabaseSettings.Kind.H2,
                "jdbc:h2:mem:rewrap-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "sa",
                "",
                4,
                2,
                Duration.ofSeconds(3)));
    store = new RewrapJobStore(database.dataSource());
  }

  /** A pass of this zone with {@code batchSize} secrets a page, under {@code ring}'s key. */
  RewrapPass pass(MasterKeyRing keys, int batchSize) {
    return new RewrapPass(store, keys, PREFIX, batchSize, java.time.Clock.systemUTC());
  }

  /** Stores {@code count} secrets of the zone wrapped under {@code key}, ids {@code name-NN}. */
  void store(String name, int count, MasterKey key) {
    for (int i = 0; i < count; i++) {
      store(PREFIX + String.format("%s-%02d", name, i), key);
    }
  }

  void store(String persistenceId, MasterKey key) {
    byte[] secret = RandomBytes.next(32);
    secrets.put(persistenceId, secret);
    write(persistenceId, key.wrap(secret));
  }

  void write(String persistenceId, byte[] wrapped) {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement delete =
            c.prepareStatement("DELETE FROM kms_key_secret WHERE persistence_id = ?");
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO kms_key_secret (persistence_id, wrapped_secret) VALUES (?, ?)")) {
      delete.setString(1, persistenceId);
      delete.executeUpdate();
      insert.setString(1, persistenceId);
      insert.setBytes(2, wrapped);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every stored secret as stored, by persistence id (all zones). */
  Map<String, byte[]> stored() {
    Map<String, byte[]> rows = new LinkedHashMap<>();
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT persistence_id, wrapped_secret FROM kms_key_secret "
                    + "ORDER BY persistence_id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.put(rs.getString(1), rs.getBytes(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  /** Drops the in-memory database (it outlives its connections) and closes the pool. */
  @Override
  public void close() {
    try (Connection c = database.dataSource().getConnection();
        java.sql.Statement st = c.createStatement()) {
      st.execute("SHUTDOWN");
    } catch (SQLException e) {
      // Gone already: nothing to drop.
    }
    database.close();
  }
}
