package com.verenc.kms.node.masterkey;

import static com.verenc.kms.node.masterkey.RewrapFixture.PREFIX;
import static com.verenc.kms.node.masterkey.RewrapFixture.ZONE;
import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.crypto.masterkey.FileMasterKey;
import com.verenc.kms.crypto.masterkey.MasterKeyRing;
import com.verenc.kms.node.masterkey.RewrapCommand.Refused;
import com.verenc.kms.node.masterkey.RewrapCommand.Start;
import com.verenc.kms.node.masterkey.RewrapCommand.StartReply;
import com.verenc.kms.node.masterkey.RewrapCommand.Started;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The zone's rotation worker: starting passes, pacing them, resuming and pausing them. */
class RewrapCoordinatorTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final ExecutorService blocking = Executors.newFixedThreadPool(2);
  private final RewrapFixture zone = new RewrapFixture();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
    blocking.shutdownNow();
  }

  @AfterEach
  void close() {
    zone.close();
  }

  private ActorRef<RewrapCommand> worker(MasterKeyRing keys, int batchSize, int maxRate) {
    return testKit.spawn(
        RewrapCoordinator.create(ZONE, "node-1", zone.pass(keys, batchSize), blocking, maxRate));
  }

  private static StartReply start(ActorRef<RewrapCommand> worker, String askedKey) {
    TestProbe<StartReply> probe = testKit.createTestProbe();
    worker.tell(new Start("node-2", askedKey, probe.getRef()));
    return probe.receiveMessage(Duration.ofSeconds(10));
  }

  private RewrapJob finished() {
    return eventually(
        "the pass finishes",
        () ->
            zone.store
                .load(ZONE)
                .filter(job -> job.state() == RewrapJob.State.FINISHED)
                .orElse(null));
  }

  @Test
  void aStartedPassRunsToTheEndAtTheConfiguredPace() {
    zone.store("k", 30, zone.oldKey);
    ActorRef<RewrapCommand> worker = worker(zone.ring, 5, 20);
    long startedNanos = System.nanoTime();
    Started started = (Started) start(worker, zone.newKey.id().toString());
    assertEquals(30, started.total());
    assertEquals(false, started.alreadyRunning());

    Started again = (Started) start(worker, zone.newKey.id().toString());
    assertEquals(started.jobId(), again.jobId());
    assertTrue(again.alreadyRunning(), "a second start joins the running pass");

    RewrapJob done = finished();
    long millis = Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    assertEquals(30, done.rewrapped());
    // 30 secrets at 20 a second: the pacing holds the pass for at least 1.25 s (five full pages
    // are paced; the empty last page is not).
    assertTrue(millis >= 1250, "paced, took " + millis + " ms");
    assertTrue(done.rate() > 0 && done.rate() <= 30, "rate " + done.rate());
    assertEquals(Map.of(zone.newKey.id().toString(), 30L), zone.store.countByMasterKey(PREFIX));

    Started rerun = (Started) start(worker, zone.newKey.id().toString());
    assertTrue(!rerun.alreadyRunning() && !rerun.jobId().equals(started.jobId()));
    assertEquals(0, eventually("a finished pass can be run again", this::finished).rewrapped());
  }

  @Test
  void aStartFromANodeWithAnotherCurrentKeyIsRefused() {
    ActorRef<RewrapCommand> worker = worker(zone.ring, 5, 100);
    String other = FileMasterKey.generate().id().toString();
    Refused refused = (Refused) start(worker, other);
    assertTrue(
        refused
            .message()
            .startsWith(
                "the node asked (node-2) wraps new secrets under master key "
                    + other
                    + ", but the zone's rotation worker (node-1) under "
                    + zone.newKey.id()),
        refused.message());
    assertTrue(refused.message().endsWith("then rotate"), refused.message());
    assertEquals(java.util.Optional.empty(), zone.store.load(ZONE));
  }

  @Test
  void aWorkerStartingOnARunningPassResumesIt() {
    zone.store("k", 10, zone.oldKey);
    RewrapPass pass = zone.pass(zone.ring, 4);
    RewrapJob job = pass.begin(ZONE);
    pass.run(job, java.time.Instant.now(), 0).orElseThrow();

    worker(zone.ring, 4, 1000);
    RewrapJob done = finished();
    assertEquals(10, done.done());
    assertEquals(10, done.rewrapped());
  }

  @Test
  void aRunningPassUnderAnotherKeyIsPausedUntilTheOperatorRotatesAgain() {
    zone.store("k", 3, zone.oldKey);
    RewrapPass pass = zone.pass(zone.ring, 10);
    pass.begin(ZONE);
    FileMasterKey newer = FileMasterKey.generate();
    MasterKeyRing restarted = MasterKeyRing.of(newer, List.of(zone.newKey, zone.oldKey));

    ActorRef<RewrapCommand> worker = worker(restarted, 10, 1000);
    RewrapJob paused =
        eventually(
            "the pass is paused",
            () ->
                zone.store
                    .load(ZONE)
                    .filter(j -> j.state() == RewrapJob.State.PAUSED)
                    .orElse(null));
    assertTrue(
        paused.note().contains("now wraps under " + newer.id() + ": run `kms master-key rotate`"),
        paused.note());

    Started started = (Started) start(worker, newer.id().toString());
    assertEquals(newer.id().toString(), started.targetKey());
    assertEquals(3, finished().rewrapped());
    assertEquals(Map.of(newer.id().toString(), 3L), zone.store.countByMasterKey(PREFIX));
  }
}
