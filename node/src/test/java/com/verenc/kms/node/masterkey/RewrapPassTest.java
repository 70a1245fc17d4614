package com.verenc.kms.node.masterkey;

import static com.verenc.kms.node.masterkey.RewrapFixture.PREFIX;
import static com.verenc.kms.node.masterkey.RewrapFixture.ZONE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.crypto.masterkey.FileMasterKey;
import com.verenc.kms.crypto.masterkey.MasterKeyId;
import com.verenc.kms.crypto.masterkey.MasterKeyRing;
import com.verenc.kms.crypto.masterkey.WrappedSecret;
import com.verenc.kms.node.masterkey.PagePlan.StoredSecret;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The re-wrap job without actors: its pages, its compare-and-set and its resumption. */
class RewrapPassTest {
  private final RewrapFixture zone = new RewrapFixture();

  @AfterEach
  void close() {
    zone.close();
  }

  /** Runs pages of {@code job} until it finishes; returns the jobs after each page. */
  private static List<RewrapJob> runToEnd(RewrapPass pass, RewrapJob job) {
    List<RewrapJob> pages = new ArrayList<>();
    Instant since = Instant.now();
    while (job.state() == RewrapJob.State.RUNNING) {
      job = pass.run(job, since, 0).orElseThrow();
      pages.add(job);
    }
    return pages;
  }

  private MasterKeyId wrappedBy(String persistenceId) {
    return WrappedSecret.decode(zone.stored().get(persistenceId)).wrappedBy();
  }

  @Test
  void aPassRewrapsTheZonesSecretsPageByPageInKeyOrder() {
    zone.store("a", 23, zone.oldKey);
    zone.store("b", 2, zone.newKey);
    zone.write("key|de-fra-1|other-zone", zone.oldKey.wrap(new byte[32]));
    RewrapPass pass = zone.pass(zone.ring, 5);

    RewrapJob begun = pass.begin(ZONE);
    assertEquals(25, begun.total());
    assertEquals(PREFIX, begun.lastKey());
    assertEquals(zone.newKey.id().toString(), begun.targetKey());
    List<RewrapJob> pages = runToEnd(pass, begun);

    // Five full pages, then an empty one that finds the end.
    assertEquals(6, pages.size());
    assertEquals(
        List.of(5L, 10L, 15L, 20L, 25L, 25L), pages.stream().map(RewrapJob::done).toList());
    assertEquals(PREFIX + "a-04", pages.get(0).lastKey());
    RewrapJob finished = pages.get(pages.size() - 1);
    assertEquals(RewrapJob.State.FINISHED, finished.state());
    assertEquals(23, finished.rewrapped());
    assertEquals(0, finished.changed());
    assertEquals(100.0, finished.percent());
    assertEquals(Optional.empty(), finished.eta());
    assertEquals(Optional.of(finished), zone.store.load(ZONE));

    Map<String, byte[]> stored = zone.stored();
    zone.secrets.forEach(
        (id, secret) -> {
          assertEquals(zone.newKey.id(), wrappedBy(id), id);
          assertArrayEquals(secret, zone.newKey.unwrap(stored.get(id)), id);
        });
    assertEquals(zone.oldKey.id(), wrappedBy("key|de-fra-1|other-zone"), "another zone's row");
    assertEquals(Map.of(zone.newKey.id().toString(), 25L), zone.store.countByMasterKey(PREFIX));
  }

  @Test
  void aRowChangedOrErasedBetweenReadAndRewrapIsLeftToItsWriter() {
    zone.store("k", 4, zone.oldKey);
    RewrapJob job = zone.pass(zone.ring, 10).begin(ZONE);
    List<StoredSecret> page = zone.store.page(PREFIX, job.lastKey(), 10);
    PagePlan plan = PagePlan.of(page, zone.ring);
    assertEquals(4, plan.rewrites().size());

    // Meanwhile a key is deleted and another's row is written again (as a replica import does).
    deleteRow(PREFIX + "k-01");
    byte[] concurrent = zone.newKey.wrap(zone.secrets.get(PREFIX + "k-02"));
    zone.write(PREFIX + "k-02", concurrent);

    RewrapJob after =
        zone.store
            .commitPage(
                job,
                plan.rewrites(),
                rewrapped ->
                    job.advanced(
                        new RewrapJob.PageOutcome(
                            page.size(),
                            rewrapped,
                            plan.rewrites().size() - rewrapped,
                            0,
                            Optional.of(PREFIX + "k-03"),
                            true),
                        0,
                        Instant.now()))
            .orElseThrow();
    assertEquals(2, after.rewrapped());
    assertEquals(2, after.changed());
    Map<String, byte[]> stored = zone.stored();
    assertEquals(false, stored.containsKey(PREFIX + "k-01"), "an erased secret stays erased");
    assertArrayEquals(concurrent, stored.get(PREFIX + "k-02"), "the other writer's bytes stay");
    assertEquals(zone.newKey.id(), wrappedBy(PREFIX + "k-00"));
    assertEquals(zone.newKey.id(), wrappedBy(PREFIX + "k-03"));
  }

  @Test
  void anInterruptedPassResumesAfterTheLastPageItRecorded() {
    zone.store("k", 12, zone.oldKey);
    RewrapPass first = zone.pass(zone.ring, 4);
    RewrapJob job = first.begin(ZONE);
    job = first.run(job, Instant.now(), 0).orElseThrow();
    job = first.run(job, Instant.now(), 0).orElseThrow();
    assertEquals(PREFIX + "k-07", job.lastKey());
    // The worker's node goes; an old-key row behind the recorded position (as a node still on the
    // old key would write) shows that the pass is not started over.
    zone.store(PREFIX + "k-00", zone.oldKey);

    RewrapPass second =
        new RewrapPass(
            new RewrapJobStore(zone.database.dataSource()),
            zone.ring,
            PREFIX,
            4,
            java.time.Clock.systemUTC());
    RewrapJob recorded = second.load(ZONE).orElseThrow();
    assertEquals(job, recorded);
    assertEquals(8, recorded.done());
    List<RewrapJob> pages = runToEnd(second, recorded);
    RewrapJob finished = pages.get(pages.size() - 1);
    assertEquals(12, finished.done());
    assertEquals(12, finished.rewrapped());
    assertEquals(zone.oldKey.id(), wrappedBy(PREFIX + "k-00"));
    assertEquals(
        Map.of(zone.oldKey.id().toString(), 1L, zone.newKey.id().toString(), 11L),
        zone.store.countByMasterKey(PREFIX));
  }

  @Test
  void aWorkerWhosePassWasReplacedRecordsNothing() {
    zone.store("k", 6, zone.oldKey);
    RewrapPass pass = zone.pass(zone.ring, 2);
    RewrapJob stale = pass.begin(ZONE);
    RewrapJob replacing = pass.begin(ZONE);

    assertEquals(Optional.empty(), pass.run(stale, Instant.now(), 0));
    assertEquals(Optional.of(replacing), zone.store.load(ZONE));
    assertEquals(zone.oldKey.id(), wrappedBy(PREFIX + "k-00"), "its page was rolled back");
    RewrapJob moved = pass.run(replacing, Instant.now(), 0).orElseThrow();
    assertEquals(Optional.empty(), pass.run(replacing, Instant.now(), 0), "a page done twice");
    assertEquals(Optional.of(moved), zone.store.load(ZONE));
  }

  @Test
  void secretsNoMasterKeyOfTheNodeOpensAreCountedAndLeftAsTheyAre() {
    FileMasterKey stranger = FileMasterKey.generate();
    zone.store("k", 3, zone.oldKey);
    zone.store(PREFIX + "k-01", stranger);
    zone.write(PREFIX + "z-junk", new byte[] {1, 2, 3});
    RewrapPass pass = zone.pass(zone.ring, 10);
    List<RewrapJob> pages = runToEnd(pass, pass.begin(ZONE));
    RewrapJob finished = pages.get(pages.size() - 1);
    assertEquals(2, finished.rewrapped());
    assertEquals(2, finished.unopenable());
    assertEquals(stranger.id(), wrappedBy(PREFIX + "k-01"));
    Map<String, Long> counts = zone.store.countByMasterKey(PREFIX);
    assertEquals(1L, counts.get(stranger.id().toString()));
    assertEquals(1L, counts.get(RewrapJobStore.UNREADABLE));
    assertEquals(2L, counts.get(zone.newKey.id().toString()));
  }

  @Test
  void aPausedPassSaysWhyAndIsNoLongerAdvanced() {
    zone.store("k", 3, zone.oldKey);
    RewrapPass pass = zone.pass(zone.ring, 10);
    RewrapJob running = pass.begin(ZONE);
    assertTrue(pass.pause(running, "the worker wraps under another key now"));
    RewrapJob paused = zone.store.load(ZONE).orElseThrow();
    assertEquals(RewrapJob.State.PAUSED, paused.state());
    assertEquals("the worker wraps under another key now", paused.note());
    assertNull(paused.finishedAt());
    assertEquals(Optional.empty(), pass.run(running, Instant.now(), 0));
    assertEquals(zone.oldKey.id(), wrappedBy(PREFIX + "k-00"));
  }

  @Test
  void progressAndTimeLeftFollowTheCounters() {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    RewrapJob job = RewrapJob.begin(ZONE, "j", "file:aa", PREFIX, 400, start);
    assertEquals(0.0, job.percent());
    assertEquals(Optional.empty(), job.eta(), "no rate yet");
    RewrapJob quarter =
        job.advanced(
            new RewrapJob.PageOutcome(100, 100, 0, 0, Optional.of(PREFIX + "x"), false),
            50.0,
            start.plusSeconds(2));
    assertEquals(25.0, quarter.percent());
    assertEquals(Optional.of(java.time.Duration.ofSeconds(6)), quarter.eta());
    RewrapJob beyond =
        quarter.advanced(
            new RewrapJob.PageOutcome(400, 0, 0, 0, Optional.of(PREFIX + "y"), false),
            50.0,
            start.plusSeconds(10));
    assertEquals(99.9, beyond.percent(), "100 only once finished");
    assertEquals(Optional.of(java.time.Duration.ZERO), beyond.eta());
  }

  @Test
  void aRingWithoutThePreviousKeyCountsItsSecretsAsUnopenable() {
    zone.store("k", 2, zone.oldKey);
    RewrapPass pass = zone.pass(MasterKeyRing.of(zone.newKey), 10);
    List<RewrapJob> pages = runToEnd(pass, pass.begin(ZONE));
    assertEquals(2, pages.get(pages.size() - 1).unopenable());
    assertEquals(zone.oldKey.id(), wrappedBy(PREFIX + "k-00"));
  }

  private void deleteRow(String persistenceId) {
    try (var c = zone.database.dataSource().getConnection();
        var ps = c.prepareStatement("DELETE FROM kms_key_secret WHERE persistence_id = ?")) {
      ps.setString(1, persistenceId);
      ps.executeUpdate();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
