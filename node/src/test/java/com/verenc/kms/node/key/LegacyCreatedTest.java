package com.verenc.kms.node.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.verenc.kms.node.key.model.KeyIdentity;
import com.verenc.kms.node.key.model.KeyManager;
import com.verenc.kms.node.key.model.KeySpec;
import com.verenc.kms.node.key.model.KeyUsage;
import com.verenc.kms.node.key.model.MaterialHistory;
import com.verenc.kms.node.key.model.MaterialVersion;
import com.verenc.kms.node.key.model.Origin;
import com.verenc.kms.node.key.model.RotationSettings;
import com.verenc.kms.node.key.model.RotationType;
import com.verenc.kms.node.replication.Replication;
import com.verenc.kms.node.replication.Role;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The creation event of journal version 1 replays as the fact it stood for, to the same record. */
class LegacyCreatedTest {
  private static final Instant CREATED = Instant.parse("2026-03-01T10:00:00Z");
  private static final KeyIdentity IDENTITY =
      new KeyIdentity(
          "111122223333",
          "k1",
          CREATED,
          KeySpec.SYMMETRIC_DEFAULT,
          KeyUsage.ENCRYPT_DECRYPT,
          Origin.AWS_KMS,
          KeyManager.CUSTOMER,
          true);
  private static final KeySettings SETTINGS = new KeySettings(true, "d", Map.of("t", "v"), "{}");
  private static final MaterialVersion FIRST =
      new MaterialVersion(1, CREATED, new byte[] {1}, null);

  private static KeyRecord replay(KeyEvent fact, String zone) {
    return fact instanceof KeyEvent.KeyCreated created
        ? KeyRecord.created(created, zone)
        : KeyRecord.replicaOf(
            ((KeyEvent.ReplicaCreated) fact).state(),
            ((KeyEvent.ReplicaCreated) fact).settings(),
            zone);
  }

  @Test
  void aKeyCreatedHereIsKeyCreated() {
    KeyRecord fresh =
        new KeyRecord(
            IDENTITY,
            SETTINGS,
            MaterialHistory.of(FIRST),
            RotationSettings.byDefault(CREATED),
            null,
            Replication.newPrimary("zone-a"),
            null);
    KeyEvent fact = new LegacyCreated(fresh).asFact("zone-a");
    assertInstanceOf(KeyEvent.KeyCreated.class, fact);
    assertEquals(fresh, replay(fact, "zone-a"));
  }

  /**
   * A zone that became primary before the first push reached it (UpdatePrimaryRegion right after
   * ReplicateKey) recorded the key, rotated versions and replicas included, as created there.
   */
  @Test
  void aPrimaryThatArrivedFromAPushIsReplicaCreated() {
    MaterialVersion second =
        new MaterialVersion(2, CREATED.plusSeconds(60), new byte[] {2}, RotationType.ON_DEMAND);
    Replication moved =
        new Replication(Role.PRIMARY, "zone-b", List.of("zone-a"), 5, Map.of(), Map.of(), true);
    KeyRecord record =
        new KeyRecord(
            IDENTITY,
            SETTINGS,
            new MaterialHistory(List.of(FIRST, second), null),
            new RotationSettings(true, 90, CREATED),
            null,
            moved,
            null);
    KeyEvent fact = new LegacyCreated(record).asFact("zone-b");
    assertInstanceOf(KeyEvent.ReplicaCreated.class, fact);
    assertEquals(record, replay(fact, "zone-b"));
  }

  @Test
  void aReplicaIsReplicaCreated() {
    Replication replica =
        new Replication(Role.REPLICA, "zone-a", List.of("zone-b"), 3, Map.of(), Map.of(), false);
    KeyRecord record =
        new KeyRecord(
            IDENTITY,
            SETTINGS,
            MaterialHistory.of(FIRST),
            RotationSettings.byDefault(CREATED),
            null,
            replica,
            null);
    KeyEvent fact = new LegacyCreated(record).asFact("zone-b");
    assertInstanceOf(KeyEvent.ReplicaCreated.class, fact);
    assertEquals(record, replay(fact, "zone-b"));
  }
}
