package com.verenc.kms.node.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The chain in the zone database, table kms_audit_record: one row a record, keyed by the node's
 * name and the record's sequence number, so the nodes of a zone keep one chain each in one table. A
 * batch is one transaction.
 */
final class DatabaseSink implements AuditSink {
  private final DataSource dataSource;
  private final String node;

  DatabaseSink(DataSource dataSource, String node) {
    this.dataSource = dataSource;
    this.node = node;
  }

  @Override
  public Optional<ChainEnd> resume() throws IOException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT seq, line FROM kms_audit_record WHERE node = ? ORDER BY seq DESC LIMIT 1")) {
      ps.setString(1, node);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            LastRecord.read(
                rs.getString(2).getBytes(StandardCharsets.UTF_8),
                "kms_audit_record (node " + node + ", seq " + rs.getLong(1) + ")",
                "restore the row from a backup, or start the node under another name (a new "
                    + "chain starts)",
                0));
      }
    } catch (SQLException e) {
      throw new IOException("cannot read the audit chain of " + node + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean rotationDue(Instant now) {
    return false;
  }

  @Override
  public void rotate() {
    // One table holds the whole chain.
  }

  @Override
  public void write(List<Line> lines, boolean force) throws IOException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO kms_audit_record (node, seq, recorded_at, line) VALUES (?, ?, ?, ?)")) {
        for (Line line : lines) {
          ps.setString(1, node);
          ps.setLong(2, line.seq());
          ps.setTimestamp(3, Timestamp.from(line.time()));
          // Without the newline: a row is a line.
          ps.setString(
              4, new String(line.bytes(), 0, line.bytes().length - 1, StandardCharsets.UTF_8));
          ps.addBatch();
        }
        ps.executeBatch();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IOException("cannot write audit records: " + e.getMessage(), e);
    }
  }

  @Override
  public Forcing flushing(boolean force) {
    // A committed transaction is as durable as the database makes it.
    return NOTHING_TO_FORCE;
  }

  @Override
  public void close() {
    // The node closes the pool.
  }

  @Override
  public String describe() {
    return "table kms_audit_record (node " + node + ")";
  }
}
