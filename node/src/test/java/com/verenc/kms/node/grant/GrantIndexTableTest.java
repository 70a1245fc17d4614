package com.verenc.kms.node.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The grant index in the zone database: idempotent writes, repair from a key's grants, and pages of
 * one principal's grants of one account in key and grant order.
 */
class GrantIndexTableTest {
  private static final String ACCOUNT = "111122223333";
  private static final String OPS = "arn:aws:iam::111122223333:user/ops";
  private GrantIndexTable index;

  @BeforeEach
  void createTable() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:grants-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    String schema =
        new String(
            GrantIndexTableTest.class.getResourceAsStream("/db/h2-schema.sql").readAllBytes());
    int start = schema.indexOf("CREATE TABLE IF NOT EXISTS kms_grant_retiring");
    try (Connection c = h2.getConnection();
        Statement s = c.createStatement()) {
      for (String sql : schema.substring(start).split(";")) {
        if (!sql.isBlank()) {
          s.execute(sql.trim());
        }
      }
    }
    index = new GrantIndexTable(h2);
  }

  private static Grant grant(String id, String retiring) {
    return new GrantSpec(
            "arn:aws:iam::111122223333:role/app",
            retiring,
            List.of(GrantOperation.DECRYPT),
            null,
            null)
        .issue(id, Instant.EPOCH, "arn:aws:iam::111122223333:root");
  }

  private List<GrantIndex.Entry> all(String principal) {
    return index.retirableBy(principal, null, 100);
  }

  @Test
  void writesAreIdempotentAndOnlyGrantsWithARetiringPrincipalAreListed() {
    index.add(ACCOUNT, "k1", grant("g1", OPS));
    index.add(ACCOUNT, "k1", grant("g1", OPS));
    index.add(ACCOUNT, "k1", grant("g2", null));
    assertEquals(List.of(new GrantIndex.Entry(ACCOUNT, "k1", "g1")), all(OPS));
    index.add("444455556666", "k9", grant("g9", OPS));
    assertEquals(
        List.of(
            new GrantIndex.Entry(ACCOUNT, "k1", "g1"),
            new GrantIndex.Entry("444455556666", "k9", "g9")),
        all(OPS));
    index.removeKey("k9");
    index.remove("k1", "g1");
    index.remove("k1", "g1");
    assertEquals(List.of(), all(OPS));
  }

  @Test
  void repairMakesTheRowsTheKeysGrants() {
    index.add(ACCOUNT, "k1", grant("stale", OPS));
    index.add(ACCOUNT, "k2", grant("other", OPS));
    index.repair(ACCOUNT, "k1", List.of(grant("g1", OPS), grant("g2", null)));
    assertEquals(
        List.of(
            new GrantIndex.Entry(ACCOUNT, "k1", "g1"),
            new GrantIndex.Entry(ACCOUNT, "k2", "other")),
        all(OPS));
    index.removeKey("k1");
    assertEquals(List.of(new GrantIndex.Entry(ACCOUNT, "k2", "other")), all(OPS));
  }

  @Test
  void pagesFollowKeyAndGrantOrderFromAnEntry() {
    index.add(ACCOUNT, "k2", grant("a", OPS));
    index.add(ACCOUNT, "k1", grant("b", OPS));
    index.add(ACCOUNT, "k1", grant("a", OPS));
    assertEquals(
        List.of(new GrantIndex.Entry(ACCOUNT, "k1", "a"), new GrantIndex.Entry(ACCOUNT, "k1", "b")),
        index.retirableBy(OPS, null, 2));
    assertEquals(
        List.of(new GrantIndex.Entry(ACCOUNT, "k1", "b"), new GrantIndex.Entry(ACCOUNT, "k2", "a")),
        index.retirableBy(OPS, new GrantIndex.Entry(null, "k1", "b"), 2));
  }
}
