package com.verenc.kms.node.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.verenc.kms.node.persistence.ZoneDatabase;
import com.verenc.kms.node.testkit.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shared-version index in a zone database created by the node's own schema, on H2 and on
 * PostgreSQL: rows per key and peer zone, replaced as a whole, never by an earlier journal
 * position, and kept apart from another zone's rows in the same database.
 */
class SharedVersionTableTest {
  private static final String ZONE = "ch-gva-2";
  @TempDir Path dir;

  /** Runs {@code test} on a fresh zone database of {@code kind}, then discards it. */
  private void onTable(String kind, Consumer<ZoneDatabase> test) {
    TestDatabase database =
        kind.equals("h2") ? TestDatabase.h2(dir) : TestDatabase.freshPostgres(dir);
    try (ZoneDatabase zone = database.openZoneDatabase()) {
      test.accept(zone);
    } finally {
      database.drop();
    }
  }

  private static SharedVersion primary(String keyId, String replicaZone, int version) {
    return new SharedVersion(keyId, replicaZone, Role.PRIMARY, version);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void rowsAreReplacedPerKeyAndReadPerPeerZoneAndRole(String kind) {
    onTable(
        kind,
        database -> {
          SharedVersionTable table = new SharedVersionTable(database.dataSource(), ZONE);
          table.record("mrk-1", 3, List.of(primary("mrk-1", "de-fra-1", 2)));
          table.record(
              "mrk-1",
              5,
              List.of(primary("mrk-1", "de-fra-1", 3), primary("mrk-1", "at-vie-1", 3)));
          table.record(
              "mrk-2", 9, List.of(new SharedVersion("mrk-2", "de-fra-1", Role.REPLICA, 7)));

          assertEquals(Map.of("mrk-1", 3), table.versions("de-fra-1", Role.PRIMARY));
          assertEquals(Map.of("mrk-1", 3), table.versions("at-vie-1", Role.PRIMARY));
          assertEquals(Map.of("mrk-2", 7), table.versions("de-fra-1", Role.REPLICA));

          table.record("mrk-1", 6, List.of(primary("mrk-1", "at-vie-1", 4)));
          assertEquals(Map.of(), table.versions("de-fra-1", Role.PRIMARY), "the old row went");

          table.remove("mrk-1");
          assertEquals(Map.of(), table.versions("at-vie-1", Role.PRIMARY));
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void anEarlierJournalPositionNeverOverwritesALaterOne(String kind) {
    onTable(
        kind,
        database -> {
          SharedVersionTable table = new SharedVersionTable(database.dataSource(), ZONE);
          table.record("mrk-1", 10, List.of(primary("mrk-1", "de-fra-1", 4)));

          table.record("mrk-1", 8, List.of(primary("mrk-1", "de-fra-1", 3)));
          table.ensure("mrk-1", 9, List.of(primary("mrk-1", "de-fra-1", 3)));
          assertEquals(Map.of("mrk-1", 4), table.versions("de-fra-1", Role.PRIMARY));

          table.ensure("mrk-1", 12, List.of(primary("mrk-1", "de-fra-1", 5)));
          assertEquals(Map.of("mrk-1", 5), table.versions("de-fra-1", Role.PRIMARY));
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void zonesSharingADatabaseByMistakeNeverSeeEachOthersRows(String kind) {
    onTable(
        kind,
        database -> {
          SharedVersionTable gva = new SharedVersionTable(database.dataSource(), ZONE);
          SharedVersionTable fra = new SharedVersionTable(database.dataSource(), "de-fra-1");
          gva.record("mrk-1", 1, List.of(primary("mrk-1", "at-vie-1", 2)));
          fra.record("mrk-1", 1, List.of(primary("mrk-1", "at-vie-1", 5)));

          assertEquals(Map.of("mrk-1", 2), gva.versions("at-vie-1", Role.PRIMARY));
          assertEquals(Map.of("mrk-1", 5), fra.versions("at-vie-1", Role.PRIMARY));
          fra.remove("mrk-1");
          assertEquals(Map.of("mrk-1", 2), gva.versions("at-vie-1", Role.PRIMARY));
        });
  }
}
