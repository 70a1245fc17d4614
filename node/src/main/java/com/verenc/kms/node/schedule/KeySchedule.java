package com.verenc.kms.node.schedule;

import com.verenc.kms.node.key.ScheduleDates;
import com.verenc.kms.node.key.ScheduleIndex;
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
 * The zone's index of when keys are due for destruction, automatic rotation, a replication push to
 * another zone or the expiry of imported material. Key entities write it after every change (and on
 * recovery), each write stamped with the key's journal position so a late write of an earlier
 * position (from an incarnation that has since stopped) never overwrites a later one. The sweepers
 * read it and ask the entities, which decide from their own state and repair a row that says
 * something is due when nothing is.
 */
public final class KeySchedule implements ScheduleIndex {
  private final DataSource dataSource;

  public KeySchedule(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Sets the dates of a key as of journal position {@code seqNr}; a key with none has no row. */
  @Override
  public void record(String persistenceId, long seqNr, ScheduleDates dates) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        if (dates.isEmpty()) {
          delete(c, persistenceId, seqNr);
        } else if (update(c, persistenceId, seqNr, dates) == 0 && !exists(c, persistenceId)) {
          insert(c, persistenceId, seqNr, dates);
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(
          "cannot record the schedule of " + persistenceId + ": " + e.getMessage(), e);
    }
  }

  /**
   * Like {@link #record}, but reads first and writes only when the row differs: a recovering key
   * usually finds its row as it left it, and a read costs the database less than a write.
   */
  @Override
  public void ensure(String persistenceId, long seqNr, ScheduleDates dates) {
    boolean wantRow = !dates.isEmpty();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT deletion_date, next_rotation, next_push, material_expiry, seq_nr "
                    + "FROM kms_key_schedule WHERE persistence_id = ?")) {
      ps.setString(1, persistenceId);
      try (ResultSet rs = ps.executeQuery()) {
        boolean hasRow = rs.next();
        if (hasRow && rs.getLong(5) > seqNr) {
          return;
        }
        if (hasRow == wantRow
            && (!hasRow
                || (same(rs.getTimestamp(1), dates.deletionDate())
                    && same(rs.getTimestamp(2), dates.nextRotation())
                    && same(rs.getTimestamp(3), dates.nextPush())
                    && same(rs.getTimestamp(4), dates.materialExpiry())))) {
          return;
        }
      }
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(
          "cannot read the schedule of " + persistenceId + ": " + e.getMessage(), e);
    }
    record(persistenceId, seqNr, dates);
  }

  /** Removes a destroyed key's row, whatever position wrote it. */
  @Override
  public void remove(String persistenceId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("DELETE FROM kms_key_schedule WHERE persistence_id = ?")) {
      ps.setString(1, persistenceId);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(
          "cannot remove the schedule of " + persistenceId + ": " + e.getMessage(), e);
    }
  }

  private static boolean same(Timestamp stored, Instant wanted) {
    return stored == null ? wanted == null : wanted != null && stored.toInstant().equals(wanted);
  }

  public List<String> dueForDeletion(Instant now, int limit) {
    return due("deletion_date", now, limit);
  }

  public List<String> dueForRotation(Instant now, int limit) {
    return due("next_rotation", now, limit);
  }

  public List<String> dueForPush(Instant now, int limit) {
    return due("next_push", now, limit);
  }

  public List<String> dueForExpiry(Instant now, int limit) {
    return due("material_expiry", now, limit);
  }

  /** Keys with a row here and a secret in this zone, for the keys-per-zone metric. */
  public long countKeys() {
    return count("SELECT COUNT(*) FROM kms_key_secret");
  }

  public long countPendingPushes() {
    return count("SELECT COUNT(*) FROM kms_key_schedule WHERE next_push IS NOT NULL");
  }

  private long count(String sql) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      throw new DatabaseUnavailableException("cannot count keys: " + e.getMessage(), e);
    }
  }

  private List<String> due(String column, Instant now, int limit) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT persistence_id FROM kms_key_schedule WHERE "
                    + column
                    + " <= ? ORDER BY "
                    + column)) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setMaxRows(limit);
      List<String> due = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          due.add(rs.getString(1));
        }
      }
      return due;
    } catch (SQLException e) {
      throw new DatabaseUnavailableException("cannot read the key schedule: " + e.getMessage(), e);
    }
  }

  /**
   * Changes the row unless a later journal position wrote it (rows from before positions were kept
   * have none).
   */
  private static int update(Connection c, String pid, long seqNr, ScheduleDates dates)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE kms_key_schedule SET deletion_date = ?, next_rotation = ?, next_push = ?, "
                + "material_expiry = ?, seq_nr = ? "
                + "WHERE persistence_id = ? AND (seq_nr IS NULL OR seq_nr <= ?)")) {
      setDates(ps, 1, dates);
      ps.setLong(5, seqNr);
      ps.setString(6, pid);
      ps.setLong(7, seqNr);
      return ps.executeUpdate();
    }
  }

  private static void setDates(PreparedStatement ps, int first, ScheduleDates dates)
      throws SQLException {
    ps.setTimestamp(first, timestamp(dates.deletionDate()));
    ps.setTimestamp(first + 1, timestamp(dates.nextRotation()));
    ps.setTimestamp(first + 2, timestamp(dates.nextPush()));
    ps.setTimestamp(first + 3, timestamp(dates.materialExpiry()));
  }

  private static boolean exists(Connection c, String pid) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM kms_key_schedule WHERE persistence_id = ?")) {
      ps.setString(1, pid);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static void insert(Connection c, String pid, long seqNr, ScheduleDates dates)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO kms_key_schedule (persistence_id, deletion_date, next_rotation, "
                + "next_push, material_expiry, seq_nr) VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, pid);
      setDates(ps, 2, dates);
      ps.setLong(6, seqNr);
      ps.executeUpdate();
    }
  }

  private static void delete(Connection c, String pid, long seqNr) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM kms_key_schedule WHERE persistence_id = ? AND (seq_nr IS NULL OR seq_nr <= ?)")) {
      ps.setString(1, pid);
      ps.setLong(2, seqNr);
      ps.executeUpdate();
    }
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}
