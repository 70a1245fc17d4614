package com.verenc.kms.node.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.key.ScheduleDates;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A recovering key's schedule row is written only when it is not already what the journal says. */
class KeyScheduleEnsureTest {
  private static final Instant DELETION = Instant.parse("2026-12-01T10:15:30.123456Z");
  private static final Instant ROTATION = Instant.parse("2027-11-29T17:00:00Z");
  private final List<String> statements = new ArrayList<>();
  private KeySchedule schedule;
  private JdbcDataSource h2;

  @BeforeEach
  void createTable() throws Exception {
    h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:schedule-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    try (Connection c = h2.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE kms_key_schedule (persistence_id VARCHAR(255) NOT NULL PRIMARY KEY, "
              + "deletion_date TIMESTAMP WITH TIME ZONE, next_rotation TIMESTAMP WITH TIME ZONE, "
              + "next_push TIMESTAMP WITH TIME ZONE, material_expiry TIMESTAMP WITH TIME ZONE, "
              + "seq_nr BIGINT)");
    }
    schedule = new KeySchedule(recording(h2));
  }

  /** A data source that notes the SQL of every statement prepared through it. */
  private DataSource recording(DataSource target) {
    return (DataSource)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(method, target, args);
              if (!(result instanceof Connection connection)) {
                return result;
              }
              return Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (p, m, a) -> {
                    if (m.getName().equals("prepareStatement")) {
                      statements.add(((String) a[0]).split(" ")[0]);
                    }
                    return invoke(m, connection, a);
                  });
            });
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static ScheduleDates dates(Instant deletion, Instant rotation, Instant push) {
    return new ScheduleDates(deletion, rotation, push, null);
  }

  private String row(String pid) throws Exception {
    try (Connection c = h2.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT deletion_date, next_rotation, next_push FROM kms_key_schedule "
                    + "WHERE persistence_id = '"
                    + pid
                    + "'")) {
      return rs.next()
          ? rs.getTimestamp(1) + "|" + rs.getTimestamp(2) + "|" + rs.getTimestamp(3)
          : "none";
    }
  }

  @Test
  void rowAsTheJournalSaysIsOnlyRead() throws Exception {
    schedule.record("key|z|a", 1, dates(DELETION, ROTATION, null));
    statements.clear();
    schedule.ensure("key|z|a", 1, dates(DELETION, ROTATION, null));
    assertEquals(List.of("SELECT"), statements);
    schedule.ensure("key|z|none", 1, dates(null, null, null));
    assertEquals(List.of("SELECT", "SELECT"), statements);
  }

  @Test
  void missingStaleOrSurplusRowsAreRepaired() throws Exception {
    schedule.ensure("key|z|a", 1, dates(null, ROTATION, null));
    String expected = row("key|z|a");
    assertTrue(expected.contains("|null"), expected);

    schedule.record("key|z|b", 1, dates(null, ROTATION, null));
    schedule.ensure("key|z|b", 1, dates(DELETION, null, Instant.EPOCH));
    assertTrue(
        row("key|z|b").endsWith("|null|" + java.sql.Timestamp.from(Instant.EPOCH)), row("key|z|b"));

    schedule.record("key|z|c", 1, dates(DELETION, null, null));
    schedule.ensure("key|z|c", 1, dates(null, null, null));
    assertEquals("none", row("key|z|c"));
  }

  @Test
  void aLateWriteOfAnEarlierJournalPositionChangesNothing() throws Exception {
    schedule.record("key|z|d", 7, dates(DELETION, null, null));
    String scheduled = row("key|z|d");
    schedule.record("key|z|d", 6, dates(null, ROTATION, null));
    schedule.record("key|z|d", 6, dates(null, null, null));
    schedule.ensure("key|z|d", 5, dates(null, null, null));
    assertEquals(scheduled, row("key|z|d"), "the deletion date written at position 7 stays");

    schedule.record("key|z|d", 8, dates(null, null, null));
    assertEquals("none", row("key|z|d"));
  }

  @Test
  void aDestroyedKeysRowIsRemovedWhateverWroteIt() throws Exception {
    schedule.record("key|z|e", 9, dates(DELETION, null, null));
    schedule.remove("key|z|e");
    assertEquals("none", row("key|z|e"));
  }
}
