package com.verenc.kms.node.grant;

import com.verenc.kms.node.persistence.DatabaseUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/** The grant index in the zone database (table kms_grant_retiring). */
public final class GrantIndexTable implements GrantIndex {
  private final DataSource dataSource;

  public GrantIndexTable(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void add(String accountId, String keyId, Grant grant) {
    if (grant.retiringPrincipal() == null) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      insert(c, accountId, keyId, grant);
    } catch (SQLException e) {
      throw failed("index grant " + grant.grantId() + " of key " + keyId, e);
    }
  }

  @Override
  public void remove(String keyId, String grantId) {
    update(
        "DELETE FROM kms_grant_retiring WHERE key_id = ? AND grant_id = ?",
        "forget grant " + grantId + " of key " + keyId,
        keyId,
        grantId);
  }

  @Override
  public void removeKey(String keyId) {
    update(
        "DELETE FROM kms_grant_retiring WHERE key_id = ?",
        "forget the grants of key " + keyId,
        keyId);
  }

  @Override
  public void repair(String accountId, String keyId, List<Grant> grants) {
    try (Connection c = dataSource.getConnection()) {
      Set<String> listed = new HashSet<>();
      try (PreparedStatement ps =
          c.prepareStatement("SELECT grant_id FROM kms_grant_retiring WHERE key_id = ?")) {
        ps.setString(1, keyId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            listed.add(rs.getString(1));
          }
        }
      }
      Set<String> wanted = new HashSet<>();
      for (Grant grant : grants) {
        if (grant.retiringPrincipal() != null) {
          wanted.add(grant.grantId());
          if (!listed.contains(grant.grantId())) {
            insert(c, accountId, keyId, grant);
          }
        }
      }
      for (String stale : listed) {
        if (!wanted.contains(stale)) {
          remove(keyId, stale);
        }
      }
    } catch (SQLException e) {
      throw failed("repair the grant index of key " + keyId, e);
    }
  }

  @Override
  public List<Entry> retirableBy(String retiringPrincipal, Entry from, int limit) {
    String after = from == null ? "" : " AND (key_id > ? OR (key_id = ? AND grant_id >= ?))";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT account_id, key_id, grant_id FROM kms_grant_retiring "
                    + "WHERE retiring_principal = ?"
                    + after
                    + " ORDER BY key_id, grant_id")) {
      ps.setString(1, retiringPrincipal);
      if (from != null) {
        ps.setString(2, from.keyId());
        ps.setString(3, from.keyId());
        ps.setString(4, from.grantId());
      }
      ps.setMaxRows(limit);
      List<Entry> entries = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          entries.add(new Entry(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
      return entries;
    } catch (SQLException e) {
      throw failed("read the grants " + retiringPrincipal + " retires", e);
    }
  }

  /** Inserts the row unless it is there (another node, or an earlier attempt, wrote it). */
  private static void insert(Connection c, String accountId, String keyId, Grant grant)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO kms_grant_retiring (key_id, grant_id, account_id, retiring_principal) "
                + "SELECT ?, ?, ?, ? WHERE NOT EXISTS "
                + "(SELECT 1 FROM kms_grant_retiring WHERE key_id = ? AND grant_id = ?)")) {
      ps.setString(1, keyId);
      ps.setString(2, grant.grantId());
      ps.setString(3, accountId);
      ps.setString(4, grant.retiringPrincipal());
      ps.setString(5, keyId);
      ps.setString(6, grant.grantId());
      ps.executeUpdate();
    }
  }

  private void update(String sql, String what, String... parameters) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        ps.setString(i + 1, parameters[i]);
      }
      ps.executeUpdate();
    } catch (SQLException e) {
      throw failed(what, e);
    }
  }

  private static DatabaseUnavailableException failed(String what, SQLException e) {
    return new DatabaseUnavailableException("cannot " + what + ": " + e.getMessage(), e);
  }
}
