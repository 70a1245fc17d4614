package com.verenc.kms.node.secrets;

import com.verenc.kms.crypto.RandomBytes;
import com.verenc.kms.crypto.masterkey.MasterKeyRing;
import com.verenc.kms.node.key.SecretVault;
import com.verenc.kms.node.persistence.DatabaseUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Per-key secrets kept outside the journal, wrapped under the master key. A key's material versions
 * are wrapped under its secret, so erasing the row shreds the key for good while the journal keeps
 * every event (deleting events is unsafe with pekko-persistence-jdbc).
 *
 * <p>New secrets are wrapped under the current master key; stored ones open under whichever master
 * key of the ring wrapped them, so a master key rotation re-wraps rows while keys keep loading.
 */
public final class KeySecretStore implements SecretVault {
  private static final int SECRET_BYTES = 32;
  private final DataSource dataSource;
  private final MasterKeyRing masterKeys;

  public KeySecretStore(DataSource dataSource, MasterKeyRing masterKeys) {
    this.dataSource = dataSource;
    this.masterKeys = masterKeys;
  }

  /** The key's secret, creating it on first call; idempotent so a retried create is safe. */
  @Override
  public byte[] createOrLoad(String persistenceId) {
    Optional<byte[]> existing = load(persistenceId);
    if (existing.isPresent()) {
      return existing.get();
    }
    byte[] secret = RandomBytes.next(SECRET_BYTES);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO kms_key_secret (persistence_id, wrapped_secret) VALUES (?, ?)")) {
      ps.setString(1, persistenceId);
      ps.setBytes(2, masterKeys.wrap(secret));
      ps.executeUpdate();
      return secret;
    } catch (SQLException e) {
      // A concurrent creator won the race: use its secret.
      return load(persistenceId)
          .orElseThrow(() -> failure("store the secret of", persistenceId, e));
    }
  }

  /** The secret as stored, wrapped under the master key, for pushing to another zone's replica. */
  @Override
  public Optional<byte[]> exportWrapped(String persistenceId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT wrapped_secret FROM kms_key_secret WHERE persistence_id = ?")) {
      ps.setString(1, persistenceId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("export the secret of", persistenceId, e);
    }
  }

  /**
   * Stores a secret another zone exported, unless this zone already has one, wrapped under this
   * node's current master key: the other zone may not have finished a master key rotation.
   */
  @Override
  public void importWrapped(String persistenceId, byte[] wrapped) {
    byte[] secret = masterKeys.unwrap(wrapped);
    byte[] stored;
    try {
      stored = masterKeys.needsRewrap(wrapped) ? masterKeys.wrap(secret) : wrapped;
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
    if (exportWrapped(persistenceId).isPresent()) {
      return;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO kms_key_secret (persistence_id, wrapped_secret) VALUES (?, ?)")) {
      ps.setString(1, persistenceId);
      ps.setBytes(2, stored);
      ps.executeUpdate();
    } catch (SQLException e) {
      if (exportWrapped(persistenceId).isEmpty()) {
        throw failure("import the secret of", persistenceId, e);
      }
    }
  }

  @Override
  public Optional<byte[]> load(String persistenceId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT wrapped_secret FROM kms_key_secret WHERE persistence_id = ?")) {
      ps.setString(1, persistenceId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(masterKeys.unwrap(rs.getBytes(1))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("load the secret of", persistenceId, e);
    }
  }

  /** Erases the secret: every material version of the key becomes unrecoverable. */
  @Override
  public void erase(String persistenceId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("DELETE FROM kms_key_secret WHERE persistence_id = ?")) {
      ps.setString(1, persistenceId);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw failure("erase the secret of", persistenceId, e);
    }
  }

  private static DatabaseUnavailableException failure(
      String what, String persistenceId, SQLException e) {
    return new DatabaseUnavailableException(
        "cannot " + what + " " + persistenceId + ": " + e.getMessage(), e);
  }
}
