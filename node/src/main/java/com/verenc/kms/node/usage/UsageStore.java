package com.verenc.kms.node.usage;

import com.verenc.kms.node.persistence.DatabaseUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The zone's record of each key's last use (table kms_key_usage) and of when the zone began keeping
 * it (kms_usage_tracking). Writes never move a key's last use backwards, so nodes of a zone may
 * write in any order.
 */
public final class UsageStore {
  private final DataSource dataSource;

  public UsageStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** When the zone began tracking uses: the first call's {@code now}, kept from then on. */
  public Instant startTracking(Instant now) {
    try (Connection c = dataSource.getConnection()) {
      Optional<Instant> started = trackingStart(c);
      if (started.isPresent()) {
        return started.get();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO kms_usage_tracking (id, started_at) SELECT 1, ? WHERE NOT EXISTS "
                  + "(SELECT 1 FROM kms_usage_tracking WHERE id = 1)")) {
        ps.setTimestamp(1, Timestamp.from(now));
        ps.executeUpdate();
      } catch (SQLException raced) {
        // Another node of the zone inserted it first: its date stands.
      }
      return trackingStart(c).orElse(now);
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(
          "cannot read when key usage tracking started: " + e.getMessage(), e);
    }
  }

  /** Records {@code use} as the key's last unless a later one is recorded already. */
  void write(String keyId, KeyUse use) {
    try (Connection c = dataSource.getConnection()) {
      if (update(c, keyId, use) == 0 && insert(c, keyId, use) == 0) {
        // The row exists with a later use, or another node inserted it meanwhile: once more.
        update(c, keyId, use);
      }
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(
          "cannot record the last use of key " + keyId + ": " + e.getMessage(), e);
    }
  }

  /** The key's last recorded use in this zone. */
  Optional<KeyUse> read(String keyId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT operation, used_at, request_id FROM kms_key_usage WHERE key_id = ?")) {
      ps.setString(1, keyId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(
                new KeyUse(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(
          "cannot read the last use of key " + keyId + ": " + e.getMessage(), e);
    }
  }

  private static int update(Connection c, String keyId, KeyUse use) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE kms_key_usage SET operation = ?, used_at = ?, request_id = ? "
                + "WHERE key_id = ? AND used_at < ?")) {
      ps.setString(1, use.operation());
      ps.setTimestamp(2, Timestamp.from(use.at()));
      ps.setString(3, use.requestId());
      ps.setString(4, keyId);
      ps.setTimestamp(5, Timestamp.from(use.at()));
      return ps.executeUpdate();
    }
  }

  private static int insert(Connection c, String keyId, KeyUse use) {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO kms_key_usage (key_id, operation, used_at, request_id) "
                + "SELECT ?, ?, ?, ? WHERE NOT EXISTS "
                + "(SELECT 1 FROM kms_key_usage WHERE key_id = ?)")) {
      ps.setString(1, keyId);
      ps.setString(2, use.operation());
      ps.setTimestamp(3, Timestamp.from(use.at()));
      ps.setString(4, use.requestId());
      ps.setString(5, keyId);
      return ps.executeUpdate();
    } catch (SQLException duplicate) {
      return 0;
    }
  }

  private static Optional<Instant> trackingStart(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("SELECT started_at FROM kms_usage_tracking WHERE id = 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(rs.getTimestamp(1).toInstant()) : Optional.empty();
    }
  }
}
