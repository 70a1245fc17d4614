package com.verenc.kms.node.reliability.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.reliability.ReliabilitySize;
import com.verenc.kms.node.testkit.TestDatabase;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Failover inside a zone: three node processes of one zone on one PostgreSQL database, keys spread
 * over their shards, every node under load (a client thread per key sending Encrypt, Decrypt and
 * UpdateKeyDescription to the nodes in turn). The oldest node (shard coordinator, first seed) is
 * killed with SIGKILL. Requests to the survivors for keys whose shard lived on the dead node fail
 * for a while; the test measures that interruption per key, requires it to end within {@link
 * #BOUND}, requires the split brain resolver to remove the dead node, and audits the journal
 * afterwards: no key ever had two live writers, and no node logged a write conflict.
 */
class ZoneFailoverTest {
  private static final String ZONE = "ch-gva-2";
  private static final Duration BOUND = Duration.ofSeconds(45);
  private static final int KEYS = ReliabilitySize.pick(24, 90);
  private static final Duration LOAD_BEFORE =
      ReliabilitySize.pick(Duration.ofSeconds(2), Duration.ofSeconds(15));
  private static final Duration LOAD_AFTER =
      ReliabilitySize.pick(Duration.ofSeconds(2), Duration.ofSeconds(30));
  private static final String SCENARIO = "zone-failover";

  @TempDir Path dir;

  @Test
  void killedNodesKeysMoveToTheSurvivorsWithOneWriterAtATime() throws Exception {
    TestDatabase database = TestDatabase.freshPostgres(dir.resolve("db"));
    List<NodeProcess> nodes = new ArrayList<>();
    List<KmsClient> clients = new ArrayList<>();
    try {
      int[] remote = {NodeProcess.freePort(), NodeProcess.freePort(), NodeProcess.freePort()};
      String seeds = "127.0.0.1:" + remote[0] + ",127.0.0.1:" + remote[1];
      // The first seed forms the cluster; the others join it (and boot side by side).
      nodes.add(NodeProcess.start("zone-node-1", environment(database, remote[0], seeds), dir));
      nodes.add(NodeProcess.launch("zone-node-2", environment(database, remote[1], seeds), dir));
      nodes.add(NodeProcess.launch("zone-node-3", environment(database, remote[2], seeds), dir));
      for (NodeProcess node : nodes) {
        node.awaitUp();
      }
      for (NodeProcess node : nodes) {
        Await.until(
            node.name() + " ready with 3 members Up", Duration.ofSeconds(90), () -> ready(node, 3));
        clients.add(ProcessClients.client(node.endpoint(), ZONE, Duration.ofSeconds(20)));
      }

      List<String> keys = new ArrayList<>();
      for (int i = 0; i < KEYS; i++) {
        keys.add(
            clients.get(i % 3).createKey(r -> r.description("failover")).keyMetadata().keyId());
      }
      NodeProcess victim = nodes.get(0);
      String victimAddress = "pekko://verenc-kms@127.0.0.1:" + remote[0];
      List<NodeProcess> survivors = nodes.subList(1, 3);

      RequestTimeline timeline = new RequestTimeline();
      FailoverLoad load = new FailoverLoad(keys, nodes, clients, timeline);
      load.start();
      long killedAt;
      long removedAt;
      long loadEnd;
      Set<String> affected;
      try {
        NodeProcess.sleep(LOAD_BEFORE.toMillis());
        Set<String> victimShards = new HashSet<>(ManagementProbe.keyShards(victim));
        affected = new HashSet<>();
        for (String key : keys) {
          if (victimShards.contains(shardOf(key))) {
            affected.add(key);
          }
        }
        assertFalse(
            affected.isEmpty(), "no key's shard lived on " + victim.name() + ": " + victimShards);

        killedAt = System.nanoTime();
        victim.kill();
        load.stopUsing(victim.name());

        Await.until(
            "the split brain resolver removes " + victimAddress,
            BOUND,
            () -> survivors.stream().allMatch(s -> removed(s, victimAddress)));
        removedAt = System.nanoTime();
        Await.until(
            "every key answers on the survivors again",
            BOUND.plusSeconds(15),
            () ->
                keys.stream()
                    .allMatch(
                        k ->
                            timeline.count(
                                    o ->
                                        o.keyId().equals(k)
                                            && o.ok()
                                            && !o.target().equals(victim.name())
                                            && o.endNanos() > removedAt)
                                > 0));
        NodeProcess.sleep(LOAD_AFTER.toMillis());
      } finally {
        load.stop();
      }
      loadEnd = System.nanoTime();

      // Every key works on every survivor once the failover is over.
      for (int i = 1; i < 3; i++) {
        KmsClient client = clients.get(i);
        for (String key : keys) {
          SdkBytes blob =
              client
                  .encrypt(r -> r.keyId(key).plaintext(SdkBytes.fromUtf8String("after")))
                  .ciphertextBlob();
          assertEquals(
              "after", client.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String());
          client.updateKeyDescription(r -> r.keyId(key).description("after failover"));
        }
      }

      Figures interruptions = new Figures();
      Figures others = new Figures();
      long from = killedAt - Duration.ofSeconds(1).toNanos();
      List<String> perKey = new ArrayList<>();
      for (String key : keys) {
        Duration gap =
            timeline.longestGap(key, o -> !o.target().equals(victim.name()), from, loadEnd);
        if (affected.contains(key)) {
          interruptions.add(gap);
          perKey.add(Long.toString(gap.toMillis()));
        } else {
          others.add(gap);
        }
      }
      java.util.function.Predicate<RequestTimeline.Outcome> toSurvivors =
          o -> !o.target().equals(victim.name()) && o.endNanos() >= killedAt;
      Figures.report(
          SCENARIO,
          "nodes=3 keys=%d keysOnKilledNode=%d sbrRemovedKilledNodeAfterMs=%d "
              + "interruptionMs(keys on killed node) median=%d max=%d all=%s interruptionMs(other keys) median=%d max=%d "
              + "requestsToSurvivorsAfterKill=%d failed=%d (for keys on killed node=%d) errors=%s",
          KEYS,
          affected.size(),
          Duration.ofNanos(removedAt - killedAt).toMillis(),
          interruptions.medianMillis(),
          interruptions.maxMillis(),
          perKey,
          others.medianMillis(),
          others.maxMillis(),
          timeline.count(toSurvivors),
          timeline.count(toSurvivors.and(o -> !o.ok())),
          timeline.count(toSurvivors.and(o -> !o.ok() && affected.contains(o.keyId()))),
          timeline.errors(toSurvivors));
      assertTrue(
          interruptions.maxMillis() <= BOUND.toMillis(),
          "a key on the killed node was unavailable on the survivors for "
              + interruptions.maxMillis()
              + " ms");
      assertTrue(
          others.maxMillis() <= BOUND.toMillis(),
          "a key on a surviving node was unavailable for " + others.maxMillis() + " ms");

      try (Connection connection = database.connect()) {
        JournalAudit.Result audit = JournalAudit.audit(connection);
        Figures.report(
            SCENARIO,
            "journal audit: persistenceIds=%d events=%d writerHandOvers=%d problems=%d",
            audit.persistenceIds(),
            audit.events(),
            audit.writerHandOvers(),
            audit.problems().size());
        assertEquals(List.of(), audit.problems());
        assertTrue(
            audit.writerHandOvers() >= affected.size(),
            "keys of the killed node must have been written by a survivor afterwards");
      }
      for (NodeProcess node : nodes) {
        assertEquals(
            List.of(),
            JournalAudit.conflictsInLog(node.log()),
            node.name() + " logged a write conflict");
      }
    } catch (RuntimeException | AssertionError e) {
      for (NodeProcess node : nodes) {
        System.out.println("---- log of " + node.name() + " ----\n" + node.tail());
      }
      throw e;
    } finally {
      clients.forEach(KmsClient::close);
      nodes.forEach(NodeProcess::close);
      database.drop();
    }
  }

  /**
   * The shard a key lives in: Pekko's default extractor, absolute hash modulo number-of-shards
   * (1000).
   */
  private static String shardOf(String keyId) {
    return Integer.toString(Math.abs(keyId.hashCode() % 1000));
  }

  private static boolean ready(NodeProcess node, int members) {
    try {
      return ManagementProbe.ready(node)
          && ManagementProbe.members(node).stream().filter(m -> m.endsWith(" Up")).count()
              == members;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static boolean removed(NodeProcess survivor, String address) {
    try {
      return ManagementProbe.members(survivor).stream().noneMatch(m -> m.startsWith(address + " "))
          && !ManagementProbe.unreachable(survivor).contains(address);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private Map<String, String> environment(TestDatabase database, int remotePort, String seeds) {
    Map<String, String> env =
        new HashMap<>(NodeProcess.zoneMemberEnvironment(ZONE, database, dir, remotePort, seeds));
    env.put("KMS_MANAGEMENT_PORT", "0");
    // Decide on the unreachable node after 3 s of stable membership instead of the default 20 s.
    env.put("KMS_JAVA_OPTS", "-Dpekko.cluster.split-brain-resolver.stable-after=3s");
    return env;
  }

  /**
   * One client thread per key, sending that key's requests to the nodes in turn: Encrypt, Decrypt
   * of what it just got, and now and then UpdateKeyDescription (a journal write, so the audit sees
   * writers change hands). A thread per key, so a request hanging on one key never delays another
   * key's requests and each key's interruption is its own. A node taken out of rotation is no
   * longer called.
   */
  private static final class FailoverLoad {
    private final List<String> keys;
    private final List<NodeProcess> nodes;
    private final List<KmsClient> clients;
    private final RequestTimeline timeline;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Set<String> outOfRotation = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();

    FailoverLoad(
        List<String> keys,
        List<NodeProcess> nodes,
        List<KmsClient> clients,
        RequestTimeline timeline) {
      this.keys = keys;
      this.nodes = nodes;
      this.clients = clients;
      this.timeline = timeline;
    }

    void start() {
      for (int k = 0; k < keys.size(); k++) {
        String key = keys.get(k);
        Random random = new Random(k);
        Thread thread = new Thread(() -> run(key, random), "failover-load-" + k);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
      }
    }

    /** Like a load balancer after a failed health check: no more requests to that node. */
    void stopUsing(String node) {
      outOfRotation.add(node);
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread thread : threads) {
        thread.join(60_000);
      }
    }

    private void run(String key, Random random) {
      int turn = random.nextInt(nodes.size());
      while (running.get()) {
        int index = turn++ % nodes.size();
        String target = nodes.get(index).name();
        if (outOfRotation.contains(target)) {
          continue;
        }
        KmsClient client = clients.get(index);
        boolean ok;
        if (random.nextInt(5) == 0) {
          ok =
              call(
                  key,
                  target,
                  "UpdateKeyDescription",
                  () ->
                      client.updateKeyDescription(
                          r -> r.keyId(key).description("load " + random.nextInt())));
        } else {
          SdkBytes[] blob = new SdkBytes[1];
          ok =
              call(
                  key,
                  target,
                  "Encrypt",
                  () ->
                      blob[0] =
                          client
                              .encrypt(
                                  r -> r.keyId(key).plaintext(SdkBytes.fromUtf8String("failover")))
                              .ciphertextBlob());
          if (ok) {
            ok =
                call(
                    key,
                    target,
                    "Decrypt",
                    () -> {
                      if (!"failover"
                          .equals(
                              client
                                  .decrypt(r -> r.ciphertextBlob(blob[0]))
                                  .plaintext()
                                  .asUtf8String())) {
                        throw new IllegalStateException("decrypted to other bytes");
                      }
                    });
          }
        }
        NodeProcess.sleep(ok ? 20 : 50);
      }
    }

    private boolean call(String key, String target, String operation, Runnable request) {
      try {
        request.run();
        timeline.record(key, target, operation, null);
        return true;
      } catch (KmsException e) {
        timeline.record(
            key,
            target,
            operation,
            e.awsErrorDetails() == null
                ? "HTTP " + e.statusCode()
                : e.awsErrorDetails().errorCode());
        return false;
      } catch (SdkException | IllegalStateException | UncheckedIOException e) {
        // The HTTP client throws UncheckedIOException for a refused connection to the node just
        // killed.
        timeline.record(key, target, operation, e.getClass().getSimpleName());
        return false;
      }
    }
  }
}
