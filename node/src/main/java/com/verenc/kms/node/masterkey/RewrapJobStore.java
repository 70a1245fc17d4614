package com.verenc.kms.node.masterkey;

import com.verenc.kms.crypto.CryptoException;
import com.verenc.kms.crypto.masterkey.WrappedSecret;
import com.verenc.kms.node.masterkey.PagePlan.Rewrite;
import com.verenc.kms.node.masterkey.PagePlan.StoredSecret;
import com.verenc.kms.node.persistence.DatabaseUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntFunction;
import javax.sql.DataSource;

/**
 * The zone database's side of master key rotation: the job row of {@code kms_master_key_rotation},
 * the zone's rows of {@code kms_key_secret} in key order, and the compare-and-set that re-wraps
 * them. Every call blocks on JDBC.
 */
public final class RewrapJobStore {
  /** Shown for a stored value that is no wrapped secret at all. */
  static final String UNREADABLE = "unreadable";

  private static final int SCAN_PAGE = 1000;
  private static final String COLUMNS =
      "zone, job_id, target_key, state, note, last_key, total, done, rewrapped, changed, "
          + "unopenable, rate, started_at, updated_at, finished_at";

  private final DataSource dataSource;

  public RewrapJobStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The zone's latest pass, if it ever had one. */
  public Optional<RewrapJob> load(String zone) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT " + COLUMNS + " FROM kms_master_key_rotation WHERE zone = ?")) {
      ps.setString(1, zone);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("read the master key rotation of zone " + zone, e);
    }
  }

  /**
   * Starts a new pass over the secrets whose persistence ids start with {@code prefix}, replacing
   * the zone's previous one: a worker still on that one can no longer record progress.
   */
  RewrapJob begin(String zone, String prefix, String targetKey, Instant now) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        RewrapJob job =
            RewrapJob.begin(
                zone, UUID.randomUUID().toString(), targetKey, prefix, count(c, prefix), now);
        try (PreparedStatement delete =
            c.prepareStatement("DELETE FROM kms_master_key_rotation WHERE zone = ?")) {
          delete.setString(1, zone);
          delete.executeUpdate();
        }
        try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO kms_master_key_rotation ("
                    + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          bind(insert, job);
          insert.executeUpdate();
        }
        c.commit();
        return job;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw failure("start a master key rotation in zone " + zone, e);
    }
  }

  /** Up to {@code limit} secrets with ids starting with {@code prefix}, after {@code afterKey}. */
  List<StoredSecret> page(String prefix, String afterKey, int limit) {
    try (Connection c = dataSource.getConnection()) {
      return page(c, prefix, afterKey, limit);
    } catch (SQLException e) {
      throw failure("read the secrets after " + afterKey, e);
    }
  }

  /**
   * In one transaction: re-wraps each row of {@code rewrites} that still holds the bytes it was
   * read with (a row changed or erased since is left to the writer that did so), then records
   * {@code next} applied to the number re-wrapped as the job's new state — only if the job row is
   * still {@code from}; otherwise nothing is written and the answer is empty.
   */
  Optional<RewrapJob> commitPage(
      RewrapJob from, List<Rewrite> rewrites, IntFunction<RewrapJob> next) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        int rewrapped = 0;
        try (PreparedStatement update =
            c.prepareStatement(
                "UPDATE kms_key_secret SET wrapped_secret = ? "
                    + "WHERE persistence_id = ? AND wrapped_secret = ?")) {
          for (Rewrite rewrite : rewrites) {
            update.setBytes(1, rewrite.after());
            update.setString(2, rewrite.persistenceId());
            update.setBytes(3, rewrite.before());
            rewrapped += update.executeUpdate();
          }
        }
        RewrapJob after = next.apply(rewrapped);
        if (!advance(c, from, after)) {
          c.rollback();
          return Optional.empty();
        }
        c.commit();
        return Optional.of(after);
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw failure("re-wrap the secrets after " + from.lastKey(), e);
    }
  }

  /** Records {@code paused} over the running pass it pauses; false when that pass is gone. */
  boolean pause(RewrapJob running, RewrapJob paused) {
    try (Connection c = dataSource.getConnection()) {
      return advance(c, running, paused);
    } catch (SQLException e) {
      throw failure("pause the master key rotation of zone " + running.zone(), e);
    }
  }

  /**
   * How many of the secrets with ids starting with {@code prefix} each master key wrapped, by the
   * master key's id ({@code file:3f2a...}, {@code file (unnamed)} for secrets stored before secrets
   * named their key, {@value #UNREADABLE} for values of no known format).
   */
  public Map<String, Long> countByMasterKey(String prefix) {
    Map<String, Long> counts = new TreeMap<>();
    try (Connection c = dataSource.getConnection()) {
      String after = prefix;
      List<StoredSecret> page;
      do {
        page = page(c, prefix, after, SCAN_PAGE);
        for (StoredSecret row : page) {
          counts.merge(wrappedBy(row.wrapped()), 1L, Long::sum);
          after = row.persistenceId();
        }
      } while (page.size() == SCAN_PAGE);
      return counts;
    } catch (SQLException e) {
      throw failure("count the secrets by master key", e);
    }
  }

  private static String wrappedBy(byte[] wrapped) {
    try {
      return WrappedSecret.decode(wrapped).wrappedBy().toString();
    } catch (CryptoException e) {
      return UNREADABLE;
    }
  }

  private static List<StoredSecret> page(Connection c, String prefix, String afterKey, int limit)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT persistence_id, wrapped_secret FROM kms_key_secret "
                + "WHERE persistence_id > ? AND persistence_id LIKE ? "
                + "ORDER BY persistence_id LIMIT ?")) {
      ps.setString(1, afterKey);
      ps.setString(2, prefix + "%");
      ps.setInt(3, limit);
      List<StoredSecret> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new StoredSecret(rs.getString(1), rs.getBytes(2)));
        }
      }
      return rows;
    }
  }

  private static long count(Connection c, String prefix) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT COUNT(*) FROM kms_key_secret WHERE persistence_id LIKE ?")) {
      ps.setString(1, prefix + "%");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Compare-and-set of the job row: only the worker that read {@code from} moves it on. */
  private static boolean advance(Connection c, RewrapJob from, RewrapJob to) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE kms_master_key_rotation SET state = ?, note = ?, last_key = ?, done = ?, "
                + "rewrapped = ?, changed = ?, unopenable = ?, rate = ?, updated_at = ?, "
                + "finished_at = ? WHERE zone = ? AND job_id = ? AND last_key = ? AND state = ?")) {
      ps.setString(1, to.state().name());
      ps.setString(2, to.note());
      ps.setString(3, to.lastKey());
      ps.setLong(4, to.done());
      ps.setLong(5, to.rewrapped());
      ps.setLong(6, to.changed());
      ps.setLong(7, to.unopenable());
      ps.setDouble(8, to.rate());
      ps.setTimestamp(9, Timestamp.from(to.updatedAt()));
      setInstant(ps, 10, to.finishedAt());
      ps.setString(11, from.zone());
      ps.setString(12, from.jobId());
      ps.setString(13, from.lastKey());
      ps.setString(14, from.state().name());
      return ps.executeUpdate() == 1;
    }
  }

  private static void bind(PreparedStatement ps, RewrapJob job) throws SQLException {
    ps.setString(1, job.zone());
    ps.setString(2, job.jobId());
    ps.setString(3, job.targetKey());
    ps.setString(4, job.state().name());
    ps.setString(5, job.note());
    ps.setString(6, job.lastKey());
    ps.setLong(7, job.total());
    ps.setLong(8, job.done());
    ps.setLong(9, job.rewrapped());
    ps.setLong(10, job.changed());
    ps.setLong(11, job.unopenable());
    ps.setDouble(12, job.rate());
    ps.setTimestamp(13, Timestamp.from(job.startedAt()));
    ps.setTimestamp(14, Timestamp.from(job.updatedAt()));
    setInstant(ps, 15, job.finishedAt());
  }

  private static RewrapJob read(ResultSet rs) throws SQLException {
    Timestamp finished = rs.getTimestamp(15);
    return new RewrapJob(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        RewrapJob.State.valueOf(rs.getString(4)),
        rs.getString(5),
        rs.getString(6),
        rs.getLong(7),
        rs.getLong(8),
        rs.getLong(9),
        rs.getLong(10),
        rs.getLong(11),
        rs.getDouble(12),
        rs.getTimestamp(13).toInstant(),
        rs.getTimestamp(14).toInstant(),
        finished == null ? null : finished.toInstant());
  }

  private static void setInstant(PreparedStatement ps, int index, Instant instant)
      throws SQLException {
    ps.setTimestamp(index, instant == null ? null : Timestamp.from(instant));
  }

  private static DatabaseUnavailableException failure(String what, SQLException e) {
    return new DatabaseUnavailableException("cannot " + what + ": " + e.getMessage(), e);
  }
}
