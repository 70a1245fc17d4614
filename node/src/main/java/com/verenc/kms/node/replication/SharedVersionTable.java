package com.verenc.kms.node.replication;

import com.verenc.kms.node.persistence.DatabaseUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The shared-version index in the zone's database ({@code kms_shared_version}). Rows carry the zone
 * that wrote them, so zones sharing a database by mistake never read each other's versions, and the
 * key's journal position, so a late write from an incarnation that has since stopped never
 * overwrites a later one.
 */
public final class SharedVersionTable implements SharedVersionIndex {
  private final DataSource dataSource;
  private final String zone;

  public SharedVersionTable(DataSource dataSource, String zone) {
    this.dataSource = dataSource;
    this.zone = zone;
  }

  @Override
  public void record(String keyId, long seqNr, List<SharedVersion> rows) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        if (latestPosition(c, keyId) <= seqNr) {
          replace(c, keyId, seqNr, rows);
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw unavailable("record the shared versions of " + keyId, e);
    }
  }

  @Override
  public void ensure(String keyId, long seqNr, List<SharedVersion> rows) {
    Set<SharedVersion> stored = new HashSet<>();
    long position;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            ofKey(c, "SELECT peer_zone, role, version, seq_nr FROM kms_shared_version", keyId)) {
      position = Long.MIN_VALUE;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          stored.add(
              new SharedVersion(
                  keyId, rs.getString(1), Role.valueOf(rs.getString(2)), rs.getInt(3)));
          position = Math.max(position, rs.getLong(4));
        }
      }
    } catch (SQLException e) {
      throw unavailable("read the shared versions of " + keyId, e);
    }
    if (position > seqNr || stored.equals(Set.copyOf(rows))) {
      return;
    }
    record(keyId, seqNr, rows);
  }

  @Override
  public void remove(String keyId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = ofKey(c, "DELETE FROM kms_shared_version", keyId)) {
      ps.executeUpdate();
    } catch (SQLException e) {
      throw unavailable("remove the shared versions of " + keyId, e);
    }
  }

  @Override
  public Map<String, Integer> versions(String peerZone, Role role) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT key_id, version FROM kms_shared_version "
                    + "WHERE zone = ? AND peer_zone = ? AND role = ?")) {
      ps.setString(1, zone);
      ps.setString(2, peerZone);
      ps.setString(3, role.name());
      ps.setFetchSize(1000);
      Map<String, Integer> versions = new HashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          versions.put(rs.getString(1), rs.getInt(2));
        }
      }
      return versions;
    } catch (SQLException e) {
      throw unavailable("read the shared versions held for " + peerZone, e);
    }
  }

  /** The journal position that wrote the key's rows; the lowest possible when it has none. */
  private long latestPosition(Connection c, String keyId) throws SQLException {
    try (PreparedStatement ps = ofKey(c, "SELECT MAX(seq_nr) FROM kms_shared_version", keyId)) {
      try (ResultSet rs = ps.executeQuery()) {
        long max = rs.next() ? rs.getLong(1) : 0;
        return rs.wasNull() ? Long.MIN_VALUE : max;
      }
    }
  }

  private void replace(Connection c, String keyId, long seqNr, List<SharedVersion> rows)
      throws SQLException {
    try (PreparedStatement delete = ofKey(c, "DELETE FROM kms_shared_version", keyId)) {
      delete.executeUpdate();
    }
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO kms_shared_version (zone, key_id, peer_zone, role, version, seq_nr) "
                + "VALUES (?, ?, ?, ?, ?, ?)")) {
      for (SharedVersion row : rows) {
        insert.setString(1, zone);
        insert.setString(2, keyId);
        insert.setString(3, row.peerZone());
        insert.setString(4, row.role().name());
        insert.setInt(5, row.version());
        insert.setLong(6, seqNr);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** {@code statement} restricted to this zone's rows of {@code keyId}. */
  private PreparedStatement ofKey(Connection c, String statement, String keyId)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(statement + " WHERE zone = ? AND key_id = ?");
    try {
      ps.setString(1, zone);
      ps.setString(2, keyId);
      return ps;
    } catch (SQLException e) {
      ps.close();
      throw e;
    }
  }

  private static DatabaseUnavailableException unavailable(String what, SQLException e) {
    return new DatabaseUnavailableException("cannot " + what + ": " + e.getMessage(), e);
  }
}
