package com.verenc.kms.node.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.PoisonPill;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.pattern.Patterns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DisabledException;

/**
 * A zone of two nodes on one database: the node without a key's entity serves the key on lease, and
 * crypto stops on every node the moment DisableKey returns, under load from both nodes — also when
 * a node does not confirm dropping its lease (DisableKey then waits until that lease ran out), and
 * when a new incarnation of the entity cannot know of a lease an earlier one granted.
 */
class ZoneLeaseRevocationTest {
  private static final SdkBytes PLAINTEXT = SdkBytes.fromUtf8String("zone lease");
  private static final Duration LEASE = Duration.ofSeconds(2);

  @TempDir static Path dir;
  static TestDatabase database;
  static TestNode[] nodes = new TestNode[2];
  static KmsClient[] clients = new KmsClient[2];

  @BeforeAll
  static void start() {
    database = TestDatabase.freshPostgres(dir.resolve("node-0"));
    int seedPort = freePort();
    for (int i = 0; i < 2; i++) {
      Map<String, Object> config = new HashMap<>(database.config());
      config.put("kms.data-dir", dir.resolve("node-" + i).toString());
      config.put("kms.master-key-file", dir.resolve("master.key").toString());
      config.put("kms.remote.port", i == 0 ? seedPort : freePort());
      config.put("kms.remote.seed-nodes", i == 0 ? "" : "127.0.0.1:" + seedPort);
      config.put("kms.zone-leases.enabled", true);
      config.put("kms.zone-leases.duration", LEASE.toMillis() + "ms");
      nodes[i] = TestNode.start(TestDatabase.h2(dir.resolve("node-" + i)), config);
      clients[i] = nodes[i].client();
    }
    for (TestNode node : nodes) {
      Cluster cluster = Cluster.get(node.node().system());
      await(
          () -> {
            int up = 0;
            for (var member : cluster.state().getMembers()) {
              up += member.status() == MemberStatus.up() ? 1 : 0;
            }
            return up == 2;
          },
          Duration.ofSeconds(60),
          "both nodes Up");
    }
  }

  @AfterAll
  static void stop() {
    for (int i = 1; i >= 0; i--) {
      if (clients[i] != null) {
        clients[i].close();
      }
      if (nodes[i] != null) {
        nodes[i].close();
      }
    }
    if (database != null) {
      database.drop();
    }
  }

  @Test
  void theNodeWithoutTheEntityServesTheKeyOnLease() {
    String keyId = leasedKey();
    int holder = leaseHolder(keyId);
    assertFalse(resident(1 - holder).leased(keyId), "the entity's node serves its own publication");
  }

  @Test
  void disableStopsCryptoOnEveryNodeTheMomentItReturns() throws Exception {
    String keyId = leasedKey();
    Load load = Load.start(keyId);
    Thread.sleep(500);
    clients[0].disableKey(b -> b.keyId(keyId));
    long returned = System.nanoTime();
    Thread.sleep(1_000);
    load.stop();
    load.assertStoppedAt(returned);
  }

  @Test
  void aNodeThatDoesNotConfirmHoldsDisableBackUntilItsLeaseRanOut() throws Exception {
    String keyId = leasedKey();
    int holder = leaseHolder(keyId);
    // A second holder on the leasing node that never confirms a revocation: a node cut off or
    // stalled. Its lease replaces the real holder's in the node's resident keys.
    ZoneLeases leases = ZoneLeases.get(nodes[holder].node().system());
    ActorRef<KeyLeaseNotice> deaf = leases.startHolder("deaf-holder", false, true);
    try {
      deaf.tell(new KeyLeaseNotice.Wanted(keyId, 0));
      Thread.sleep(500);
      assertTrue(resident(holder).leased(keyId), "the deaf holder holds the key");
      Load load = Load.start(keyId);
      Thread.sleep(300);
      long asked = System.nanoTime();
      clients[1 - holder].disableKey(b -> b.keyId(keyId));
      long returned = System.nanoTime();
      assertTrue(
          returned - asked >= TimeUnit.MILLISECONDS.toNanos(500),
          "DisableKey waited for the deaf node's lease to run out, took "
              + TimeUnit.NANOSECONDS.toMillis(returned - asked)
              + " ms");
      assertTrue(
          resident(holder).serve(keyId, encryptRequest()).isEmpty(),
          "the unconfirmed lease no longer serves once DisableKey returned");
      Thread.sleep(1_000);
      load.stop();
      load.assertStoppedAt(returned);
    } finally {
      stop(deaf);
    }
  }

  @Test
  void aNewIncarnationsChangeWaitsOutTheLeasesTheEarlierOneGranted() throws Exception {
    // Only the nodes' own holders are listed (another test's deaf holder is gone).
    await(
        () -> leases(0).zoneHolders().size() == 2 && leases(1).zoneHolders().size() == 2,
        Duration.ofSeconds(10),
        "the receptionist lists the two nodes' holders only");
    String keyId = leasedKey();
    int holder = leaseHolder(keyId);
    int entityNode = 1 - holder;
    // A holder the receptionist does not list (a node that registered after the new incarnation
    // looked): the earlier incarnation leases to it, the new one cannot tell it exists. Its lease
    // replaces the listed holder's in the node's resident keys.
    LeaseTerm listed = resident(holder).leaseOf(keyId);
    long toldAt = System.nanoTime();
    ActorRef<KeyLeaseNotice> unlisted = leases(holder).startHolder("unlisted-holder", true, false);
    try {
      unlisted.tell(new KeyLeaseNotice.Wanted(keyId, 0));
      await(
          () -> {
            LeaseTerm serving = resident(holder).leaseOf(keyId);
            return serving != null && serving != listed;
          },
          Duration.ofSeconds(10),
          "the unlisted holder holds " + keyId);
      Load load = Load.start(keyId);
      Thread.sleep(200);
      // The entity stops (as on passivation, or its node leaving) and forgets what it granted;
      // DisableKey starts a new incarnation well within the unlisted holder's lease.
      stopEntity(entityNode, keyId);
      long asked = System.nanoTime();
      clients[entityNode].disableKey(b -> b.keyId(keyId));
      long returned = System.nanoTime();
      assertTrue(
          resident(holder).serve(keyId, encryptRequest()).isEmpty(),
          "the unlisted holder's lease no longer serves once DisableKey returned");
      assertTrue(
          returned - toldAt >= LEASE.toNanos(),
          "DisableKey waited out the lease of the earlier incarnation (asked for after "
              + "the lease, it ran at least "
              + LEASE.toMillis()
              + " ms from then), returned after "
              + TimeUnit.NANOSECONDS.toMillis(returned - toldAt)
              + " ms");
      Thread.sleep(1_000);
      load.stop();
      load.assertStoppedAt(returned);
      assertTrue(
          load.servedBetween(entityNode, asked + TimeUnit.MILLISECONDS.toNanos(500), returned) > 0,
          "the entity's node served crypto requests while DisableKey waited");
    } finally {
      stop(unlisted);
    }
  }

  /** A new key, used on both nodes until the node without its entity holds it on lease. */
  private static String leasedKey() {
    String keyId = clients[0].createKey(b -> b.description("leased")).keyMetadata().keyId();
    await(
        () -> {
          for (KmsClient client : clients) {
            client.encrypt(b -> b.keyId(keyId).plaintext(PLAINTEXT));
          }
          return resident(0).leased(keyId) || resident(1).leased(keyId);
        },
        Duration.ofSeconds(20),
        "a node holds " + keyId + " on lease");
    return keyId;
  }

  /** Stops the entity of {@code keyId} on {@code node}, as its passivation would. */
  private static void stopEntity(int node, String keyId) throws Exception {
    org.apache.pekko.actor.ActorSystem classic = Adapter.toClassic(nodes[node].node().system());
    org.apache.pekko.actor.ActorRef entity =
        classic
            .actorSelection("/system/sharding/" + KeyEntity.TYPE_KEY.name() + "/*/" + keyId)
            .resolveOne(Duration.ofSeconds(5))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    assertTrue(
        Patterns.gracefulStop(entity, Duration.ofSeconds(5), PoisonPill.getInstance())
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS),
        "the entity of " + keyId + " stopped");
  }

  /** Stops a holder a test started (the receptionist forgets it). */
  private static void stop(ActorRef<KeyLeaseNotice> holder) {
    Adapter.toClassic(holder).tell(PoisonPill.getInstance(), null);
  }

  private static ZoneLeases leases(int node) {
    return ZoneLeases.get(nodes[node].node().system());
  }

  private static int leaseHolder(String keyId) {
    return resident(0).leased(keyId) ? 0 : 1;
  }

  private static ResidentKeys resident(int node) {
    return ResidentKeys.get(nodes[node].node().system());
  }

  private static CryptoRequest.EncryptRequest encryptRequest() {
    return new CryptoRequest.EncryptRequest(
        TestNode.DEV_ACCOUNT, "kms:Encrypt", PLAINTEXT.asByteArray(), Map.of());
  }

  /** Encrypt in a loop from two threads per node; each outcome with the time it was asked. */
  private record Load(
      List<Thread> threads, AtomicBoolean running, ConcurrentLinkedQueue<Outcome> outcomes) {
    record Outcome(int node, long askedAt, boolean served, Throwable failure) {}

    static Load start(String keyId) {
      Load load =
          new Load(new ArrayList<>(), new AtomicBoolean(true), new ConcurrentLinkedQueue<>());
      for (int t = 0; t < 4; t++) {
        int node = t % 2;
        Thread thread =
            new Thread(
                () -> {
                  while (load.running.get()) {
                    long asked = System.nanoTime();
                    try {
                      clients[node].encrypt(b -> b.keyId(keyId).plaintext(PLAINTEXT));
                      load.outcomes.add(new Outcome(node, asked, true, null));
                    } catch (RuntimeException e) {
                      load.outcomes.add(new Outcome(node, asked, false, e));
                    }
                  }
                });
        thread.start();
        load.threads.add(thread);
      }
      return load;
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread thread : threads) {
        thread.join(10_000);
      }
    }

    /**
     * How many Encrypts asked on {@code node} from {@code from} until {@code until} were served.
     */
    long servedBetween(int node, long from, long until) {
      return outcomes.stream()
          .filter(
              o ->
                  o.node() == node
                      && o.served()
                      && o.askedAt() - from >= 0
                      && o.askedAt() - until < 0)
          .count();
    }

    /**
     * Both nodes served before {@code returned}; nothing asked after it was served, and what was
     * refused was refused as disabled.
     */
    void assertStoppedAt(long returned) {
      int[] servedBefore = new int[2];
      int[] refusedAfter = new int[2];
      for (Outcome o : outcomes) {
        if (o.askedAt() - returned < 0) {
          servedBefore[o.node()] += o.served() ? 1 : 0;
          continue;
        }
        assertFalse(
            o.served(),
            "an Encrypt asked after DisableKey returned was served on node " + o.node());
        assertTrue(o.failure() instanceof DisabledException, "refused as disabled: " + o.failure());
        refusedAfter[o.node()]++;
      }
      for (int node = 0; node < 2; node++) {
        assertTrue(servedBefore[node] > 0, "node " + node + " served before DisableKey");
        assertTrue(refusedAfter[node] > 0, "node " + node + " was asked after DisableKey");
      }
      assertEquals(
          0,
          outcomes.stream()
              .filter(
                  o ->
                      o.failure() != null
                          && o.askedAt() - returned < 0
                          && !(o.failure() instanceof DisabledException))
              .count(),
          "no other failures");
    }
  }

  private static void await(BooleanSupplier condition, Duration within, String what) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + within + ": " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
