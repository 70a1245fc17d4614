package com.verenc.kms.node.reliability.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.reliability.ReliabilitySize;
import com.verenc.kms.node.testkit.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Crash safety: a node process under a steady load of CreateKey, RotateKeyOnDemand,
 * CreateAlias/UpdateAlias, Encrypt and GenerateDataKey is killed with SIGKILL, restarted on the
 * same database, and killed again, cycle after cycle. After every restart everything any client saw
 * acknowledged must be there: keys (DescribeKey, ListKeys), aliases on the right key (ListAliases),
 * rotations (ListKeyRotations), and every ciphertext ever returned must decrypt to its plaintext.
 * Shortened: 3 cycles; full (-Preliability-full): 20 cycles. Each cycle kills 1 to 3 s (full: 2 to
 * 6 s) after the load's first 20 acknowledged operations.
 */
class KillNineCrashSafetyTest {
  private static final String ZONE = "ch-gva-2";
  private static final int CYCLES = ReliabilitySize.pick(3, 20);
  private static final Duration LOAD =
      ReliabilitySize.pick(Duration.ofSeconds(2), Duration.ofSeconds(4));
  private static final int WORKERS = 4;

  @TempDir Path dir;

  @Test
  void h2NodeKilledUnderLoadKeepsEveryAcknowledgedWrite() {
    runCycles("h2", TestDatabase.h2(dir.resolve("data")));
  }

  @Test
  void postgresNodeKilledUnderLoadKeepsEveryAcknowledgedWrite() {
    TestDatabase database = TestDatabase.freshPostgres(dir.resolve("data"));
    try {
      runCycles("postgres", database);
    } finally {
      database.drop();
    }
  }

  private void runCycles(String kind, TestDatabase database) {
    String scenario = "crash-safety db=" + kind;
    AcknowledgedLedger ledger = new AcknowledgedLedger();
    ProcessSteadyLoad load = new ProcessSteadyLoad(ledger, WORKERS, "crash-" + kind);
    Figures restarts = new Figures();
    Random random = new Random(42);
    AcknowledgedLedger.Verification last = null;
    NodeProcess node =
        NodeProcess.start("node-" + kind, NodeProcess.environment(ZONE, database), dir);
    try {
      for (int cycle = 1; cycle <= CYCLES; cycle++) {
        try (KmsClient client = ProcessClients.client(node.endpoint(), ZONE)) {
          load.start(client);
          try {
            // Kill at an unpredictable moment of a load in full flow, not at a quiet point nor
            // while a cold JVM still answers its first requests.
            awaitAcknowledged(ledger, ledger.acknowledged() + 20, node);
            NodeProcess.sleep(LOAD.toMillis() / 2 + random.nextInt((int) LOAD.toMillis()));
            node.kill();
            NodeProcess.sleep(200);
          } finally {
            load.stop();
          }
        }
        long restartStart = System.nanoTime();
        Duration restart;
        node.restart();
        try (KmsClient client = ProcessClients.client(node.endpoint(), ZONE)) {
          awaitAnswer(client, node);
          restart = Duration.ofNanos(System.nanoTime() - restartStart);
          restarts.add(restart);
          last = ledger.verify(client, 4);
        }
        Figures.report(
            scenario,
            "cycle=%d acknowledged=%d failed=%d verified: keys=%d rotations=%d aliases=%d "
                + "ciphertexts=%d restartMs=%d",
            cycle,
            ledger.acknowledged(),
            ledger.failedRequests(),
            last.keys(),
            last.rotations(),
            last.aliases(),
            last.ciphertexts(),
            restart.toMillis());
      }
    } catch (RuntimeException | AssertionError e) {
      System.out.println("---- log of " + node.name() + " ----\n" + node.tail());
      throw e;
    } finally {
      node.close();
    }
    Figures.report(
        scenario,
        "cycles=%d opsAcknowledged=%d opsVerified=%d (keys=%d rotations=%d aliases=%d) "
            + "ciphertextsVerified=%d requestsFailedDuringKills=%d serviceErrors=%s restartMs median=%d max=%d",
        CYCLES,
        ledger.acknowledged(),
        last.operations(),
        last.keys(),
        last.rotations(),
        last.aliases(),
        last.ciphertexts(),
        ledger.failedRequests(),
        load.serviceErrors(),
        restarts.medianMillis(),
        restarts.maxMillis());
    try (java.sql.Connection connection = database.connect()) {
      JournalAudit.Result audit = JournalAudit.audit(connection);
      Figures.report(
          scenario,
          "journal audit: persistenceIds=%d events=%d writerHandOvers=%d problems=%s",
          audit.persistenceIds(),
          audit.events(),
          audit.writerHandOvers(),
          audit.problems());
      assertEquals(java.util.List.of(), audit.problems(), "the journal after " + CYCLES + " kills");
    } catch (java.sql.SQLException e) {
      throw new AssertionError("cannot audit the journal", e);
    }
    assertEquals(
        java.util.List.of(),
        JournalAudit.conflictsInLog(node.log()),
        "the node logged write conflicts");
    assertTrue(
        last.keys() > 0 && last.ciphertexts() > 0 && last.rotations() > 0 && last.aliases() > 0,
        "the load must have exercised every kind of operation: " + last);
  }

  private static void awaitAcknowledged(AcknowledgedLedger ledger, long count, NodeProcess node) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (ledger.acknowledged() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the load got only "
                + ledger.acknowledged()
                + " of "
                + count
                + " acknowledged operations from "
                + node.name()
                + " in 60 s");
      }
      NodeProcess.sleep(50);
    }
  }

  /** The first request the restarted node answers ends its restart. */
  private static void awaitAnswer(KmsClient client, NodeProcess node) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        client.listKeys(r -> r.limit(1));
        return;
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(node.name() + " up but not answering within 60 s", e);
        }
        NodeProcess.sleep(100);
      }
    }
  }
}
