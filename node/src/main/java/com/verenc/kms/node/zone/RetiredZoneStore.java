package com.verenc.kms.node.zone;

import com.verenc.kms.node.persistence.DatabaseUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The zone database's record of retired zones (table kms_retired_zone) and the list of the zone's
 * multi-zone keys that a retirement examines (from kms_key_secret: every key of the zone that still
 * has its secret).
 */
public final class RetiredZoneStore {
  private final DataSource dataSource;

  public RetiredZoneStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  List<String> retired() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT zone FROM kms_retired_zone");
        ResultSet rs = ps.executeQuery()) {
      List<String> zones = new ArrayList<>();
      while (rs.next()) {
        zones.add(rs.getString(1));
      }
      return zones;
    } catch (SQLException e) {
      throw new DatabaseUnavailableException("cannot read the retired zones: " + e.getMessage(), e);
    }
  }

  /** Records {@code zone} as retired at {@code at}, unless it is already (the first date stays). */
  void record(String zone, Instant at) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO kms_retired_zone (zone, retired_at) SELECT ?, ? WHERE NOT EXISTS "
                    + "(SELECT 1 FROM kms_retired_zone WHERE zone = ?)")) {
      ps.setString(1, zone);
      ps.setTimestamp(2, Timestamp.from(at));
      ps.setString(3, zone);
      ps.executeUpdate();
    } catch (SQLException e) {
      if (!retired().contains(zone)) {
        throw new DatabaseUnavailableException(
            "cannot record zone " + zone + " as retired: " + e.getMessage(), e);
      }
      // Another node of the zone recorded it at the same moment: its row stands.
    }
  }

  /** The ids of the multi-zone keys ({@code mrk-...}) this zone holds. */
  List<String> multiZoneKeyIds(String zone) {
    String prefix = "key|" + zone + "|";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT persistence_id FROM kms_key_secret WHERE persistence_id LIKE ? "
                    + "ORDER BY persistence_id")) {
      ps.setString(1, prefix + "mrk-%");
      List<String> keyIds = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keyIds.add(rs.getString(1).substring(prefix.length()));
        }
      }
      return keyIds;
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(
          "cannot list the multi-zone keys of zone " + zone + ": " + e.getMessage(), e);
    }
  }
}
