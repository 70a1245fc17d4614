package com.verenc.kms.node.reliability.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.reliability.ReliabilitySize;
import com.verenc.kms.node.testkit.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Zone loss and partition: two zones A and B as node processes, each on its own database,
 * multi-zone keys with replicas both ways (primaries in A replicated to B, primaries in B
 * replicated to A). Zone B is lost (SIGKILL, then restarted) and, in the second case, frozen
 * (SIGSTOP, then SIGCONT: a partition that heals) while A serves Encrypt, Decrypt and
 * GenerateDataKey on its primaries and on its replicas of B's keys, with no failed request, and
 * rotates its primaries. Once B is back it must converge to every primary's version (DescribeKey's
 * SharedStateVersion / AcknowledgedVersion, as `kms replication status`) within {@link
 * #CONVERGENCE_BOUND}, and decrypt everything A encrypted meanwhile.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZoneLossAndPartitionTest {
  private static final String A = "ch-gva-2";
  private static final String B = "de-fra-1";
  private static final String SCENARIO = "zone-loss";
  private static final int KEYS_PER_ZONE = ReliabilitySize.pick(3, 8);
  private static final Duration OUTAGE =
      ReliabilitySize.pick(Duration.ofSeconds(5), Duration.ofSeconds(60));
  private static final int ROTATIONS_PER_OUTAGE = ReliabilitySize.pick(2, 4);
  private static final Duration CONVERGENCE_BOUND = Duration.ofSeconds(60);

  private Path dir;
  private NodeProcess zoneA;
  private NodeProcess zoneB;
  private KmsClient inA;
  private final List<String> primariesInA = new ArrayList<>();
  private final List<String> primariesInB = new ArrayList<>();
  private final Map<String, Integer> rotations = new HashMap<>();
  private final List<Sample> madeInB = new ArrayList<>();

  /** A ciphertext and what it decrypts to. */
  private record Sample(String keyId, SdkBytes blob, SdkBytes plaintext) {}

  @BeforeAll
  void startZones() throws IOException {
    dir = Files.createTempDirectory("zone-loss");
    try {
      int remoteA = NodeProcess.freePort();
      zoneA = NodeProcess.start("zone-a", environment(A, remoteA, ""), dir);
      zoneB =
          NodeProcess.start(
              "zone-b", environment(B, NodeProcess.freePort(), "127.0.0.1:" + remoteA), dir);
      Await.until(
          "both zones ready",
          Duration.ofSeconds(90),
          () -> ManagementProbe.ready(zoneA) && ManagementProbe.ready(zoneB));
      inA = ProcessClients.client(zoneA.endpoint(), A, Duration.ofSeconds(10));
      try (KmsClient inB = ProcessClients.client(zoneB.endpoint(), B)) {
        for (int i = 0; i < KEYS_PER_ZONE; i++) {
          primariesInA.add(createReplicated(inA, B, "primary in A " + i));
          primariesInB.add(createReplicated(inB, A, "primary in B " + i));
        }
        for (String key : allKeys()) {
          rotations.put(key, 0);
          Await.until(
              "replicas of " + key + " enabled",
              Duration.ofSeconds(60),
              () -> enabled(inA, key) && enabled(inB, key));
          SdkBytes plaintext = SdkBytes.fromUtf8String("made in B for " + key);
          madeInB.add(
              new Sample(
                  key,
                  inB.encrypt(r -> r.keyId(key).plaintext(plaintext)).ciphertextBlob(),
                  plaintext));
        }
      }
    } catch (RuntimeException | AssertionError e) {
      printLogs();
      throw e;
    }
  }

  @AfterAll
  void stopZones() throws IOException {
    if (inA != null) {
      inA.close();
    }
    for (NodeProcess node : new NodeProcess[] {zoneB, zoneA}) {
      if (node != null) {
        node.close();
      }
    }
    TestFiles.deleteRecursively(dir);
  }

  @Test
  @Order(1)
  void zoneAServesAndRotatesWhileZoneBIsKilledAndBConvergesWhenRestarted() throws Exception {
    runOutage("killed", () -> zoneB.kill(), () -> zoneB.restart());
  }

  @Test
  @Order(2)
  void zoneAServesAndRotatesWhileZoneBIsFrozenAndBConvergesWhenThawed() throws Exception {
    runOutage("frozen", () -> zoneB.freeze(), () -> zoneB.thaw());
  }

  private void runOutage(String how, Runnable lose, Runnable bringBack) throws Exception {
    try {
      awaitConverged("before the outage", CONVERGENCE_BOUND);
      RequestTimeline timeline = new RequestTimeline();
      ZoneALoad load = new ZoneALoad(timeline);
      load.start();
      long outageStart;
      long outageEnd;
      long back;
      Duration convergence;
      try {
        NodeProcess.sleep(1000);
        outageStart = System.nanoTime();
        lose.run();
        for (int round = 1; round <= ROTATIONS_PER_OUTAGE; round++) {
          NodeProcess.sleep(OUTAGE.toMillis() / (ROTATIONS_PER_OUTAGE + 1));
          for (String key : primariesInA) {
            try {
              inA.rotateKeyOnDemand(r -> r.keyId(key));
              rotations.merge(key, 1, Integer::sum);
              timeline.record(key, "A", "RotateKeyOnDemand", null);
            } catch (SdkException e) {
              timeline.record(
                  key,
                  "A",
                  "RotateKeyOnDemand",
                  e.getClass().getSimpleName() + " " + e.getMessage());
            }
          }
        }
        NodeProcess.sleep(
            Math.max(
                0,
                OUTAGE.toMillis() - Duration.ofNanos(System.nanoTime() - outageStart).toMillis()));
        outageEnd = System.nanoTime();
        bringBack.run();
        back = System.nanoTime();
        awaitConverged("after B was " + how, CONVERGENCE_BOUND);
        convergence = Duration.ofNanos(System.nanoTime() - back);
        NodeProcess.sleep(500);
      } finally {
        load.stop();
      }
      int decryptedInB = 0;
      try (KmsClient inB = ProcessClients.client(zoneB.endpoint(), B)) {
        for (Sample sample : load.madeInA) {
          assertEquals(
              sample.plaintext(),
              inB.decrypt(r -> r.ciphertextBlob(sample.blob())).plaintext(),
              "B decrypts what A encrypted under " + sample.keyId() + " while B was " + how);
          decryptedInB++;
        }
      }
      long servedDuringOutage =
          timeline.count(o -> o.ok() && o.endNanos() >= outageStart && o.endNanos() <= outageEnd);
      long servedOnReplicas =
          timeline.count(
              o ->
                  o.ok()
                      && o.endNanos() >= outageStart
                      && o.endNanos() <= outageEnd
                      && primariesInB.contains(o.keyId()));
      Figures.report(
          SCENARIO,
          "zoneB=%s outageMs=%d requestsServedByA(during outage)=%d (on A's replicas of B's keys=%d) "
              + "requestsByA(whole run)=%d failed=%d errors=%s rotationsOfAPrimariesDuringOutage=%d "
              + "convergenceMs(B back -> every replica acknowledged every primary version)=%d "
              + "ciphertextsFromADecryptedInB=%d%s",
          how,
          Duration.ofNanos(outageEnd - outageStart).toMillis(),
          servedDuringOutage,
          servedOnReplicas,
          timeline.count(o -> true),
          timeline.count(o -> !o.ok()),
          timeline.errors(o -> true),
          ROTATIONS_PER_OUTAGE * primariesInA.size(),
          convergence.toMillis(),
          decryptedInB,
          how.equals("killed") ? " restartMsOfB=" + zoneB.lastStartTime().toMillis() : "");
      assertEquals(
          Map.of(), timeline.errors(o -> true), "A must serve every request while B is " + how);
      assertTrue(
          servedOnReplicas > 0, "A's replicas of B's keys must have been used during the outage");
    } catch (RuntimeException | AssertionError e) {
      printLogs();
      throw e;
    }
  }

  /**
   * Every primary (in A and in B) reports every replica at its own version, and every replica lists
   * as many rotations as its primary was given.
   */
  private void awaitConverged(String when, Duration bound) {
    try (KmsClient inB = ProcessClients.client(zoneB.endpoint(), B, Duration.ofSeconds(5))) {
      Await.until(
          "replicas converged " + when,
          bound,
          () -> {
            try {
              for (String key : primariesInA) {
                if (!ReplicationStatus.of(zoneA.endpoint(), A, key).converged()
                    || inB.listKeyRotations(r -> r.keyId(key)).rotations().size()
                        != rotations.get(key)) {
                  return false;
                }
              }
              for (String key : primariesInB) {
                if (!ReplicationStatus.of(zoneB.endpoint(), B, key).converged()) {
                  return false;
                }
              }
              return true;
            } catch (IOException | SdkException e) {
              return false;
            }
          });
    }
  }

  private static String createReplicated(KmsClient client, String replicaZone, String description) {
    String keyId =
        client.createKey(r -> r.multiRegion(true).description(description)).keyMetadata().keyId();
    client.replicateKey(r -> r.keyId(keyId).replicaRegion(replicaZone));
    return keyId;
  }

  private static boolean enabled(KmsClient client, String keyId) {
    try {
      return client.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState() == KeyState.ENABLED;
    } catch (SdkException e) {
      return false;
    }
  }

  private List<String> allKeys() {
    List<String> all = new ArrayList<>(primariesInA);
    all.addAll(primariesInB);
    return all;
  }

  private void printLogs() {
    for (NodeProcess node : new NodeProcess[] {zoneA, zoneB}) {
      if (node != null) {
        System.out.println("---- log of " + node.name() + " ----\n" + node.tail());
      }
    }
  }

  private Map<String, String> environment(String zone, int remotePort, String seeds) {
    Map<String, String> env = new HashMap<>();
    env.put("KMS_ZONE", zone);
    env.put("KMS_ZONES", A + "," + B);
    env.put("KMS_DATA_DIR", dir.resolve(zone).toString());
    env.put("KMS_MASTER_KEY_FILE", dir.resolve("master.key").toString());
    env.put("KMS_REMOTE_PORT", Integer.toString(remotePort));
    env.put("KMS_SEED_NODES", seeds);
    env.put("KMS_MANAGEMENT_PORT", "0");
    return env;
  }

  /**
   * Three client threads on zone A over all keys A holds (its primaries and its replicas of B's
   * keys): Encrypt then Decrypt, GenerateDataKey then Decrypt, and Decrypt of ciphertexts B made
   * before the outage. Keeps some of A's ciphertexts for B to decrypt afterwards.
   */
  private final class ZoneALoad {
    private final RequestTimeline timeline;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final ConcurrentLinkedQueue<Sample> madeInA = new ConcurrentLinkedQueue<>();

    ZoneALoad(RequestTimeline timeline) {
      this.timeline = timeline;
    }

    void start() {
      List<String> keys = allKeys();
      for (int t = 0; t < 3; t++) {
        Random random = new Random(t);
        Thread thread =
            new Thread(
                () -> {
                  while (running.get()) {
                    step(keys.get(random.nextInt(keys.size())), random);
                    NodeProcess.sleep(5);
                  }
                },
                "zone-a-load-" + t);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread thread : threads) {
        thread.join(60_000);
      }
    }

    private void step(String key, Random random) {
      int pick = random.nextInt(10);
      if (pick < 4) {
        SdkBytes plaintext = SdkBytes.fromUtf8String("made in A " + random.nextLong());
        SdkBytes blob =
            call(
                key,
                "Encrypt",
                () -> inA.encrypt(r -> r.keyId(key).plaintext(plaintext)).ciphertextBlob());
        if (blob != null) {
          decrypt(key, blob, plaintext);
          if (madeInA.size() < 300) {
            madeInA.add(new Sample(key, blob, plaintext));
          }
        }
      } else if (pick < 7) {
        var dataKey =
            call(
                key,
                "GenerateDataKey",
                () -> inA.generateDataKey(r -> r.keyId(key).keySpec(DataKeySpec.AES_256)));
        if (dataKey != null) {
          decrypt(key, dataKey.ciphertextBlob(), dataKey.plaintext());
        }
      } else {
        Sample sample =
            madeInB.stream().filter(s -> s.keyId().equals(key)).findFirst().orElseThrow();
        decrypt(key, sample.blob(), sample.plaintext());
      }
    }

    private void decrypt(String key, SdkBytes blob, SdkBytes expected) {
      call(
          key,
          "Decrypt",
          () -> {
            if (!inA.decrypt(r -> r.ciphertextBlob(blob)).plaintext().equals(expected)) {
              throw new IllegalStateException("Decrypt gave other bytes");
            }
            return Boolean.TRUE;
          });
    }

    private <T> T call(String key, String operation, java.util.function.Supplier<T> request) {
      try {
        T result = request.get();
        timeline.record(key, "A", operation, null);
        return result;
      } catch (KmsException e) {
        timeline.record(
            key,
            "A",
            operation,
            operation
                + " "
                + (e.awsErrorDetails() == null ? e.statusCode() : e.awsErrorDetails().errorCode()));
      } catch (SdkException | IllegalStateException e) {
        timeline.record(key, "A", operation, operation + " " + e.getClass().getSimpleName());
      }
      NodeProcess.sleep(50);
      return null;
    }
  }
}
