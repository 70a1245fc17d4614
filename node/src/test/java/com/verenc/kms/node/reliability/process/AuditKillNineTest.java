package com.verenc.kms.node.reliability.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.verenc.kms.crypto.audit.AuditSeal;
import com.verenc.kms.crypto.masterkey.FileMasterKey;
import com.verenc.kms.node.audit.AuditFileRecords;
import com.verenc.kms.node.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * The audit trail survives SIGKILL: a node process answering concurrent Encrypts and refused
 * DescribeKeys is killed mid-load; started again, the node continues the chain (on the file sink
 * first moving the records its writer had not moved from the ring into the file), records that its
 * last run crashed, and its signatures then cover the records written before the kill: every
 * request any client got an answer to has exactly one record, on the file sink and on the database
 * sink.
 */
class AuditKillNineTest {
  private static final String ZONE = "ch-gva-2";
  private static final int CLIENTS = 4;
  private static final int ANSWERS_BEFORE_KILL = 400;

  @TempDir Path dir;

  @Test
  void aKilledNodeLosesNoAnsweredRequestsRecordInItsAuditFiles() throws Exception {
    TestDatabase database = TestDatabase.h2(dir.resolve("data"));
    Path audit = dir.resolve("data").resolve("audit");
    killAndCheck(
        "audit-files",
        NodeProcess.environment(ZONE, database),
        () -> AuditFileRecords.lines(audit));
  }

  @Test
  void aKilledNodeLosesNoAnsweredRequestsRecordInTheZoneDatabase() throws Exception {
    TestDatabase database = TestDatabase.freshPostgres(dir.resolve("data"));
    try {
      int remotePort = NodeProcess.freePort();
      Map<String, String> env = new HashMap<>(NodeProcess.environment(ZONE, database));
      env.put("KMS_AUDIT_SINK", "database");
      env.put("KMS_REMOTE_PORT", Integer.toString(remotePort));
      killAndCheck("audit-database", env, () -> rows(database, "127.0.0.1:" + remotePort));
    } finally {
      database.drop();
    }
  }

  private void killAndCheck(String name, Map<String, String> env, Supplier<List<String>> trail)
      throws Exception {
    Set<String> answered = ConcurrentHashMap.newKeySet();
    try (NodeProcess node = NodeProcess.start(name, env, dir)) {
      try (KmsClient kms = ProcessClients.client(node.endpoint(), ZONE)) {
        String keyId = kms.createKey(r -> r.description("audited")).keyMetadata().keyId();
        List<Thread> clients = new ArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        for (int i = 0; i < CLIENTS; i++) {
          Thread client = new Thread(() -> load(kms, keyId, running, answered), name + "-" + i);
          client.start();
          clients.add(client);
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (answered.size() < ANSWERS_BEFORE_KILL && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        // Killed while the clients are still sending: some requests never get an answer.
        node.kill();
        running.set(false);
        for (Thread client : clients) {
          client.join(60_000);
        }
      }
      assertTrue(answered.size() >= ANSWERS_BEFORE_KILL, "answers: " + answered.size());

      // The file sink's records the writer had not moved into the file yet are in the ring, which
      // the restart moves there.
      node.restart();
      try (KmsClient kms = ProcessClients.client(node.endpoint(), ZONE)) {
        kms.listKeys();
      }
      node.terminate();
    }

    List<String> lines = trail.get();
    Map<String, Integer> recorded = recorded(lines);
    for (String requestId : answered) {
      assertEquals(1, recorded.getOrDefault(requestId, 0), "records of answered " + requestId);
    }
    List<JsonNode> records = AuditFileRecords.chain(lines);
    List<JsonNode> starts = AuditFileRecords.ofType(records, "start");
    assertEquals(
        List.of("new", "crash"), starts.stream().map(s -> s.path("previousRun").asText()).toList());
    JsonNode last = records.get(records.size() - 1);
    assertEquals("signature", last.path("type").asText(), "the node signs when it stops");
    AuditSeal seal =
        new AuditSeal(
            AuditSeal.signingKey(
                FileMasterKey.readFrom(dir.resolve("data").resolve("master.key"))));
    assertTrue(
        seal.signatureValid(lines.get(lines.size() - 1).getBytes(StandardCharsets.UTF_8)),
        "the last signature covers the whole chain");
  }

  /** How many records of the trail's lines each request id has. */
  private static Map<String, Integer> recorded(List<String> lines) {
    Map<String, Integer> recorded = new HashMap<>();
    AuditFileRecords.ofType(AuditFileRecords.chain(lines), "request")
        .forEach(r -> recorded.merge(r.path("requestId").asText(), 1, Integer::sum));
    return recorded;
  }

  /** Encrypts under the key and asks for a key that is not there, noting each answer's id. */
  private static void load(
      KmsClient kms, String keyId, AtomicBoolean running, Set<String> answered) {
    int i = 0;
    while (running.get()) {
      try {
        if (i++ % 4 == 3) {
          kms.describeKey(r -> r.keyId("00000000-0000-4000-8000-000000000000"));
        } else {
          answered.add(
              kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("audited")))
                  .responseMetadata()
                  .requestId());
        }
      } catch (KmsException refused) {
        answered.add(refused.requestId());
      } catch (SdkClientException noAnswer) {
        // The node died before answering: this request was never acknowledged.
        if (!running.get()) {
          return;
        }
      }
    }
  }

  private static List<String> rows(TestDatabase database, String node) {
    try (Connection c = database.connect()) {
      return AuditFileRecords.rows(c, node);
    } catch (SQLException e) {
      throw new AssertionError("cannot read the audit table", e);
    }
  }
}
