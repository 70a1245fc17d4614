package com.verenc.kms.node.esdk;

import com.verenc.kms.node.reliability.process.NodeProcess;
import com.verenc.kms.node.reliability.process.ProcessClients;
import com.verenc.kms.node.testkit.TestDatabase;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Two zones of one installation as node processes (ops/bin/kms-node), each on its own database (H2,
 * or a fresh PostgreSQL database per zone), and an AWS SDK client per zone.
 */
final class TwoZones implements AutoCloseable {
  static final String A = "ch-gva-2";
  static final String B = "de-fra-1";

  private final Map<String, NodeProcess> nodes = new HashMap<>();
  private final Map<String, TestDatabase> databases = new HashMap<>();
  private final Map<String, KmsClient> clients = new HashMap<>();

  /**
   * @param postgres a fresh PostgreSQL database per zone instead of H2
   */
  static TwoZones start(Path dir, boolean postgres) {
    TwoZones zones = new TwoZones();
    try {
      int seedPort = NodeProcess.freePort();
      for (String zone : new String[] {A, B}) {
        Path zoneDir = dir.resolve(zone);
        TestDatabase db = postgres ? TestDatabase.freshPostgres(zoneDir) : TestDatabase.h2(zoneDir);
        zones.databases.put(zone, db);
        Map<String, String> env = new HashMap<>();
        env.put("KMS_ZONE", zone);
        env.put("KMS_ZONES", A + "," + B);
        env.put("KMS_DATA_DIR", zoneDir.toString());
        env.put("KMS_MASTER_KEY_FILE", dir.resolve("master.key").toString());
        env.put("KMS_REMOTE_PORT", zone.equals(A) ? Integer.toString(seedPort) : "0");
        env.put("KMS_SEED_NODES", zone.equals(A) ? "" : "127.0.0.1:" + seedPort);
        Map<String, Object> config = db.config();
        if (config.containsKey("kms.db.url")) {
          env.put("KMS_DB_URL", config.get("kms.db.url").toString());
          env.put("KMS_DB_USER", config.get("kms.db.user").toString());
          env.put("KMS_DB_PASSWORD", config.get("kms.db.password").toString());
        }
        NodeProcess node = NodeProcess.start("esdk-" + zone, env, dir);
        zones.nodes.put(zone, node);
        zones.clients.put(zone, ProcessClients.client(node.endpoint(), zone));
      }
      return zones;
    } catch (RuntimeException | AssertionError e) {
      zones.close();
      throw e;
    }
  }

  KmsClient client(String zone) {
    KmsClient client = clients.get(zone);
    if (client == null) {
      throw new IllegalArgumentException("no zone " + zone + " in this installation");
    }
    return client;
  }

  NodeProcess node(String zone) {
    return nodes.get(zone);
  }

  @Override
  public void close() {
    clients.values().forEach(KmsClient::close);
    nodes.values().forEach(NodeProcess::close);
    databases.values().forEach(TestDatabase::drop);
  }
}
