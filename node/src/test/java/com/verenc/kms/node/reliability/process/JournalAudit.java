package com.verenc.kms.node.reliability.process;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a zone's event journal after the fact and checks that no persistence id ever had two live
 * writers: no sequence number written twice, sequence numbers 1..n without a hole (events are never
 * deleted, DESIGN.md), and each writer's events in one unbroken run (two writers alive at once
 * would interleave). Also scans node logs for the persistence layer's conflict messages.
 */
public final class JournalAudit {
  /**
   * What the persistence layer and the database say when a second writer collides with the first.
   */
  private static final Pattern CONFLICT =
      Pattern.compile(
          "duplicate key value violates unique constraint|Failed to persist event|Rejected to persist event"
              + "|Unique index or primary key violation|sequence number conflict",
          Pattern.CASE_INSENSITIVE);

  private JournalAudit() {}

  /** Findings of one audit; {@link #problems()} is empty when the journal is clean. */
  public record Result(
      int persistenceIds, long events, int writerHandOvers, List<String> problems) {}

  /**
   * Audits the journal of the database {@code connection} points at (PostgreSQL or H2: identifiers
   * quoted for both).
   */
  public static Result audit(Connection connection) throws SQLException {
    List<String> problems = new ArrayList<>();
    try (Statement st = connection.createStatement()) {
      try (ResultSet rs =
          st.executeQuery(
              "SELECT \"persistence_id\", \"sequence_number\", COUNT(*) FROM \"event_journal\" "
                  + "GROUP BY \"persistence_id\", \"sequence_number\" HAVING COUNT(*) > 1")) {
        while (rs.next()) {
          problems.add(
              rs.getString(1)
                  + " has sequence number "
                  + rs.getLong(2)
                  + " "
                  + rs.getLong(3)
                  + " times");
        }
      }
      try (ResultSet rs =
          st.executeQuery(
              "SELECT \"persistence_id\", MIN(\"sequence_number\"), MAX(\"sequence_number\"), "
                  + "COUNT(DISTINCT \"sequence_number\") FROM \"event_journal\" GROUP BY \"persistence_id\"")) {
        while (rs.next()) {
          if (rs.getLong(2) != 1 || rs.getLong(3) != rs.getLong(4)) {
            problems.add(
                rs.getString(1)
                    + " has sequence numbers "
                    + rs.getLong(2)
                    + ".."
                    + rs.getLong(3)
                    + " but "
                    + rs.getLong(4)
                    + " events: a hole");
          }
        }
      }
      int persistenceIds = 0;
      long events = 0;
      int handOvers = 0;
      try (ResultSet rs =
          st.executeQuery(
              "SELECT \"persistence_id\", \"writer\" FROM \"event_journal\" "
                  + "ORDER BY \"persistence_id\", \"sequence_number\"")) {
        String current = null;
        String lastWriter = null;
        Set<String> finishedWriters = new HashSet<>();
        while (rs.next()) {
          String id = rs.getString(1);
          String writer = rs.getString(2);
          events++;
          if (!id.equals(current)) {
            current = id;
            lastWriter = writer;
            finishedWriters.clear();
            persistenceIds++;
            continue;
          }
          if (!writer.equals(lastWriter)) {
            finishedWriters.add(lastWriter);
            if (finishedWriters.contains(writer)) {
              problems.add(
                  id
                      + ": writer "
                      + writer
                      + " wrote again after "
                      + lastWriter
                      + " had taken over");
            }
            handOvers++;
            lastWriter = writer;
          }
        }
      }
      return new Result(persistenceIds, events, handOvers, problems);
    }
  }

  /** Lines of a node log in which the journal reported a write conflict. */
  public static List<String> conflictsInLog(String log) {
    return log.lines().filter(line -> CONFLICT.matcher(line).find()).toList();
  }
}
