package com.verenc.kms.node.key;

import static com.verenc.kms.node.key.KeyEntityFixture.ACCOUNT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.verenc.kms.node.key.KeyEntityFixture.MemorySchedule;
import com.verenc.kms.node.key.KeyEntityFixture.MemoryVault;
import com.verenc.kms.node.key.KeyEntityFixture.MovableClock;
import com.verenc.kms.node.key.KeyEntityFixture.ScriptedTransport;
import com.verenc.kms.node.replication.UnacknowledgedPushes;
import com.verenc.kms.protocol.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A key entity restarting after its journal failed a write: what it held besides its state (the
 * commands waiting on its secret, the back-off of its pushes) does not stay stuck.
 */
class KeyEntityRestartTest {
  private static final ActorTestKit testKit = ActorTestKit.create(KeyEntityFixture.CONFIG);
  private final PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());
  private final ScriptedTransport transport = new ScriptedTransport();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clearJournal() {
    journal.clearAll();
  }

  private ActorRef<KeyMessage> spawn(String keyId) {
    return testKit.spawn(
        KeyEntity.create(
            keyId,
            KeyEntityFixture.context(
                "zone-a",
                new MovableClock(Instant.parse("2026-01-01T00:00:00Z")),
                new MemoryVault(),
                new MemorySchedule(),
                new KeyEntityFixture.MemoryVersions(),
                transport,
                new UnacknowledgedPushes(),
                (account, id) -> {})));
  }

  @Test
  void commandsWaitingOnTheSecretAreAnsweredAfterTheCreationFailedToPersist() {
    ActorRef<KeyMessage> key = spawn("k-restart-stash");
    journal.failNextPersisted();
    TestProbe<KeyReply<KeyAnswer.Metadata>> creator = testKit.createTestProbe();
    TestProbe<KeyReply<KeyAnswer.Metadata>> describer = testKit.createTestProbe();
    key.tell(KeyEntityFixture.createCommand(false, creator.getRef()));
    key.tell(new KeyCommand.Describe(ACCOUNT, describer.getRef()));

    var answer =
        assertInstanceOf(KeyReply.Rejected.class, describer.receiveMessage(Duration.ofSeconds(5)));
    assertEquals(
        ErrorCode.NOT_FOUND,
        answer.code(),
        "the key was not created; the waiting Describe says so");
    key.tell(KeyEntityFixture.createCommand(false, creator.getRef()));
    assertInstanceOf(
        KeyReply.Ok.class,
        creator.receiveMessage(Duration.ofSeconds(5)),
        "and creating it again works");
  }

  @Test
  void pushesBackingOffResumeAfterARestart() {
    ActorRef<KeyMessage> key = spawn("k-restart-push");
    TestProbe<KeyReply<KeyAnswer.Metadata>> creator = testKit.createTestProbe();
    key.tell(KeyEntityFixture.createCommand(true, creator.getRef()));
    creator.expectMessageClass(KeyReply.Ok.class);
    transport.failNext("zone-b", 1_000);
    TestProbe<KeyReply<KeyAnswer.ReplicaCreated>> replicator = testKit.createTestProbe();
    key.tell(new KeyCommand.Replicate(ACCOUNT, "zone-b", null, null, null, replicator.getRef()));
    replicator.expectMessageClass(KeyReply.Ok.class);
    // Back-offs grow to the 1 s maximum; then the zone answers again, and the entity restarts.
    testKit
        .createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(5),
            () -> {
              if (transport.to("zone-b").size() < 4) {
                throw new AssertionError("still pushing fast");
              }
              return null;
            });
    transport.failNext("zone-b", 0);
    int before = transport.to("zone-b").size();
    journal.failNextPersisted();
    key.tell(
        new KeyCommand.Tag(
            ACCOUNT,
            Map.of("a", "b"),
            testKit.<KeyReply<KeyAnswer.Done>>createTestProbe().getRef()));

    testKit
        .createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(5),
            () -> {
              if (transport.to("zone-b").size() <= before) {
                throw new AssertionError("no push since the restart");
              }
              boolean acknowledged =
                  journal
                      .persistedInStorage(KeyEntity.persistenceId("zone-a", "k-restart-push").id())
                      .stream()
                      .anyMatch(e -> e instanceof KeyEvent.ReplicaAcknowledged);
              if (!acknowledged) {
                throw new AssertionError("zone-b has not acknowledged");
              }
              return null;
            });
  }
}
