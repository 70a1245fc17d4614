package com.verenc.kms.node.reliability.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.verenc.kms.node.testkit.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Issue 25's restore scenario with two zones as node processes: a backup of replica zone B's
 * database is taken (H2: its file copied while B is stopped; PostgreSQL: a copy made with CREATE
 * DATABASE ... TEMPLATE), the primaries in A rotate, B acknowledges, then B is stopped, its
 * database put back from the backup, and B started again. B now holds the older shared version
 * while A recorded the newer one acknowledged. The replication status (the management endpoint `kms
 * replication status` reads) shows B's real version in between, and without any further change on
 * the primary B converges: its first anti-entropy round asks A to compare with it, A tells the
 * primaries whose replica is behind, and they push again; B then decrypts a ciphertext A made after
 * the rotation. The key that converges so is not touched in B before; the bound is B's start delay
 * plus {@link #EXCHANGE_BOUND}. A's own periodic comparisons are set far apart, so only the
 * restored zone's start can bring the key back within the test (the periodic comparison is {@code
 * AntiEntropyTest}'s).
 */
class ReplicaZoneRestoreTest {
  private static final String A = "ch-gva-2";
  private static final String B = "de-fra-1";
  private static final Duration START_DELAY = Duration.ofSeconds(15);
  private static final Duration EXCHANGE_BOUND = Duration.ofSeconds(30);

  @TempDir Path dir;

  /** Where zone B keeps its database, and how it is backed up and restored while B is stopped. */
  private interface ZoneStore {
    Map<String, String> environment();

    void backUp() throws Exception;

    void restore() throws Exception;

    void discard();
  }

  /** The embedded H2 file: a cold copy, as docs/operations.md describes. */
  private ZoneStore h2() {
    Path data = dir.resolve(B);
    Path file = data.resolve("kms.mv.db");
    Path backup = dir.resolve("kms-backup.mv.db");
    return new ZoneStore() {
      @Override
      public Map<String, String> environment() {
        return Map.of("KMS_DATA_DIR", data.toString());
      }

      @Override
      public void backUp() throws IOException {
        Files.copy(file, backup, StandardCopyOption.COPY_ATTRIBUTES);
      }

      @Override
      public void restore() throws IOException {
        Files.copy(backup, file, StandardCopyOption.REPLACE_EXISTING);
      }

      @Override
      public void discard() {}
    };
  }

  /** A PostgreSQL database of its own, copied with CREATE DATABASE ... TEMPLATE. */
  private ZoneStore postgres() {
    TestDatabase database = TestDatabase.freshPostgres(dir.resolve(B));
    String url = database.config().get("kms.db.url").toString();
    String name = url.substring(url.lastIndexOf('/') + 1);
    String backup = name + "_backup";
    return new ZoneStore() {
      @Override
      public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("KMS_DATA_DIR", dir.resolve(B).toString());
        env.put("KMS_DB_URL", url);
        env.put("KMS_DB_USER", TestDatabase.POSTGRES_USER);
        env.put("KMS_DB_PASSWORD", "");
        return env;
      }

      @Override
      public void backUp() throws Exception {
        admin("CREATE DATABASE " + backup + " TEMPLATE " + name);
      }

      @Override
      public void restore() throws Exception {
        admin("DROP DATABASE " + name + " WITH (FORCE)");
        admin("CREATE DATABASE " + name + " TEMPLATE " + backup);
      }

      @Override
      public void discard() {
        try {
          admin("DROP DATABASE IF EXISTS " + backup + " WITH (FORCE)");
        } catch (SQLException e) {
          System.err.println("Could not drop " + backup + ": " + e.getMessage());
        }
        database.drop();
      }
    };
  }

  /**
   * A statement on the server's admin database. A template copy needs the source without sessions;
   * a stopped node's may take a moment to end on the server's side.
   */
  private static void admin(String sql) throws SQLException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try (Connection c =
              DriverManager.getConnection(
                  TestDatabase.POSTGRES_ADMIN_URL, TestDatabase.POSTGRES_USER, "");
          Statement st = c.createStatement()) {
        st.execute(sql);
        return;
      } catch (SQLException e) {
        if (!"55006".equals(e.getSQLState()) || System.nanoTime() > deadline) {
          throw e;
        }
        NodeProcess.sleep(200);
      }
    }
  }

  @Test
  void aReplicaZoneRestoredFromACopyOfItsH2FileConvergesOnItsOwn() throws Exception {
    restoreAndConverge(h2());
  }

  @Test
  void aReplicaZoneRestoredFromATemplateCopyOfItsPostgresDatabaseConvergesOnItsOwn()
      throws Exception {
    restoreAndConverge(postgres());
  }

  private void restoreAndConverge(ZoneStore storeB) throws Exception {
    NodeProcess zoneA = null;
    NodeProcess zoneB = null;
    try {
      int remoteA = NodeProcess.freePort();
      Map<String, String> envA = environment(A, remoteA, "");
      envA.put("KMS_DATA_DIR", dir.resolve(A).toString());
      envA.put("KMS_ANTI_ENTROPY_INTERVAL", "10m");
      zoneA = NodeProcess.start("zone-a", envA, dir);
      Map<String, String> envB = environment(B, NodeProcess.freePort(), "127.0.0.1:" + remoteA);
      envB.putAll(storeB.environment());
      envB.put(
          "KMS_JAVA_OPTS",
          "-Dkms.replication.anti-entropy.start-delay=" + START_DELAY.toSeconds() + "s");
      zoneB = NodeProcess.start("zone-b", envB, dir);
      NodeProcess a = zoneA;
      NodeProcess b = zoneB;
      Await.until(
          "both zones ready",
          Duration.ofSeconds(90),
          () -> ManagementProbe.ready(a) && ManagementProbe.ready(b));

      try (KmsClient inA = ProcessClients.client(zoneA.endpoint(), A)) {
        String untouched = replicated(inA, "converges by itself");
        String asked = replicated(inA, "asked about in between");
        int before = awaitHeldEverywhere(zoneA, List.of(untouched, asked));

        zoneB.stop();
        storeB.backUp();
        zoneB.restart();
        Await.until("zone B ready again", Duration.ofSeconds(90), () -> ManagementProbe.ready(b));
        SdkBytes plaintext = SdkBytes.fromUtf8String("made after the rotation");
        Map<String, SdkBytes> afterRotation = new HashMap<>();
        for (String key : List.of(untouched, asked)) {
          inA.rotateKeyOnDemand(r -> r.keyId(key));
          afterRotation.put(
              key, inA.encrypt(r -> r.keyId(key).plaintext(plaintext)).ciphertextBlob());
        }
        int after = awaitHeldEverywhere(zoneA, List.of(untouched, asked));
        assertEquals(before + 1, after);

        zoneB.stop();
        storeB.restore();
        zoneB.restart();
        long upNanos = System.nanoTime();

        // In between: the primary recorded the rotation acknowledged; the zone holds less. (Asked
        // once B serves its keys: a question B's shards were not ready for could wake the key
        // later, and its report would bring it back before an answer.)
        Await.until(
            "zone B ready after the restore",
            Duration.ofSeconds(60),
            () -> ManagementProbe.ready(b));
        JsonNode status = replication(zoneA, asked);
        JsonNode inB = status.path("replicas").path(0);
        assertEquals(B, inB.path("zone").asText(), status.toString());
        assertEquals(after, inB.path("acknowledgedVersion").asInt(), status.toString());
        assertEquals(before, inB.path("heldVersion").asInt(), "B's real version: " + status);

        // By itself: nothing touches the other key in B until A has pushed it again.
        String repushed =
            "Key "
                + untouched
                + ": zone "
                + B
                + " holds shared version "
                + before
                + ", below the "
                + after;
        NodeProcess primary = zoneA;
        Duration bound = START_DELAY.plus(EXCHANGE_BOUND);
        Await.until(
            "zone A finds " + untouched + " behind in B and pushes again",
            bound,
            () -> primary.log().contains(repushed));
        Duration took = Duration.ofNanos(System.nanoTime() - upNanos);
        try (KmsClient restored = ProcessClients.client(zoneB.endpoint(), B)) {
          Await.until(
              "B decrypts what A made after the rotation",
              Duration.ofSeconds(10),
              () -> decrypts(restored, afterRotation.get(untouched), plaintext));
          assertTrue(decrypts(restored, afterRotation.get(asked), plaintext));
        }
        JsonNode converged = replication(zoneA, untouched).path("replicas").path(0);
        assertEquals(after, converged.path("heldVersion").asInt(), converged.toString());
        assertEquals(after, converged.path("acknowledgedVersion").asInt(), converged.toString());
        System.out.println(
            "replica-zone-restore: "
                + B
                + " converged "
                + took.toMillis()
                + " ms after it was up (bound "
                + bound.toSeconds()
                + " s)");
      }
    } catch (RuntimeException | AssertionError e) {
      for (NodeProcess node : new NodeProcess[] {zoneA, zoneB}) {
        if (node != null) {
          System.err.println(node.name() + " log:\n" + node.tail());
        }
      }
      throw e;
    } finally {
      for (NodeProcess node : new NodeProcess[] {zoneB, zoneA}) {
        if (node != null) {
          node.close();
        }
      }
      storeB.discard();
    }
  }

  private Map<String, String> environment(String zone, int remotePort, String seeds) {
    Map<String, String> env = new HashMap<>();
    env.put("KMS_ZONE", zone);
    env.put("KMS_ZONES", A + "," + B);
    env.put("KMS_MASTER_KEY_FILE", dir.resolve("master.key").toString());
    env.put("KMS_REMOTE_PORT", Integer.toString(remotePort));
    env.put("KMS_SEED_NODES", seeds);
    env.put("KMS_MANAGEMENT_PORT", "0");
    return env;
  }

  /** A multi-zone key of zone A replicated to B. */
  private static String replicated(KmsClient inA, String description) {
    String key =
        inA.createKey(r -> r.multiRegion(true).description(description)).keyMetadata().keyId();
    inA.replicateKey(r -> r.keyId(key).replicaRegion(B));
    return key;
  }

  /**
   * Waits until B holds, and A recorded, the primary's version of every key (all the same), and
   * answers it.
   */
  private static int awaitHeldEverywhere(NodeProcess zoneA, List<String> keys) {
    int[] version = {-1};
    Await.until(
        "B holds and A recorded the primaries' versions of " + keys,
        Duration.ofSeconds(60),
        () -> {
          int common = -1;
          for (String key : keys) {
            JsonNode status;
            try {
              status = replication(zoneA, key);
            } catch (UncheckedIOException notYet) {
              return false;
            }
            int primary = status.path("primaryVersion").asInt();
            JsonNode inB = status.path("replicas").path(0);
            if (inB.path("heldVersion").asInt(-1) != primary
                || inB.path("acknowledgedVersion").asInt() != primary
                || (common != -1 && common != primary)) {
              return false;
            }
            common = primary;
          }
          version[0] = common;
          return true;
        });
    return version[0];
  }

  private static JsonNode replication(NodeProcess node, String keyId) {
    try {
      return ManagementProbe.json(node, "/kms/keys/" + keyId + "/replication");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean decrypts(KmsClient client, SdkBytes blob, SdkBytes plaintext) {
    try {
      return client.decrypt(r -> r.ciphertextBlob(blob)).plaintext().equals(plaintext);
    } catch (KmsException e) {
      return false;
    }
  }
}
