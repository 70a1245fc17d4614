package com.verenc.kms.node.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.crypto.CiphertextBlob;
import com.verenc.kms.crypto.Envelope;
import com.verenc.kms.crypto.KeyWrap;
import com.verenc.kms.crypto.MasterKey;
import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Recovers a key's real material the way only the node can (master key -> per-key secret -> wrapped
 * material in the Created event), proves it is the material that encrypts, and then proves those
 * bytes appear in no journal or snapshot row, in any encoding.
 */
class NoPlaintextMaterialAtRestTest {
  @TempDir Path dir;

  @Test
  void keyMaterialAndKeySecretNeverAppearUnwrappedInJournalOrSnapshots() throws Exception {
    try (TestNode node = TestNode.start(TestDatabase.h2(dir));
        KmsClient kms = node.client()) {
      String keyId = kms.createKey(b -> b.description("at-rest")).keyMetadata().keyId();
      // Enough events on the key for the entity to write a snapshot (every 100 events).
      for (int i = 0; i < 101; i++) {
        int n = i;
        kms.updateKeyDescription(b -> b.keyId(keyId).description("description " + n));
      }
      byte[] blob =
          kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("secret data")))
              .ciphertextBlob()
              .asByteArray();

      String persistenceId = KeyEntity.persistenceId(TestNode.ZONE, keyId).id();
      MasterKey master = MasterKey.readFrom(dir.resolve("master.key"));
      byte[] secret;
      List<byte[]> journalRows = new ArrayList<>();
      List<byte[]> snapshotRows = new ArrayList<>();
      List<String> snapshotOwners = new ArrayList<>();
      byte[] createdPayload = null;
      int createdSerializer = 0;
      String createdManifest = null;
      try (Connection c = node.database().connect()) {
        secret =
            master.unwrap(
                single(
                    c,
                    "SELECT wrapped_secret FROM kms_key_secret WHERE persistence_id = ?",
                    persistenceId));
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT \"event_payload\", \"event_ser_id\", \"event_ser_manifest\", \"persistence_id\" "
                    + "FROM \"event_journal\" ORDER BY \"ordering\"")) {
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              journalRows.add(rs.getBytes(1));
              if (createdPayload == null
                  && rs.getString(3).endsWith("KeyCreated")
                  && rs.getString(4).equals(persistenceId)) {
                createdPayload = rs.getBytes(1);
                createdSerializer = rs.getInt(2);
                createdManifest = rs.getString(3);
              }
            }
          }
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT \"snapshot_payload\", \"persistence_id\" FROM \"snapshot\"")) {
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              snapshotRows.add(rs.getBytes(1));
              snapshotOwners.add(rs.getString(2));
            }
          }
        }
      }
      assertTrue(
          snapshotOwners.contains(persistenceId),
          "the key wrote a snapshot, so snapshots are covered too");

      assertNotNull(createdPayload, "the key's KeyCreated event is in the journal");
      KeyEvent.KeyCreated created =
          (KeyEvent.KeyCreated)
              SerializationExtension.get(node.node().system())
                  .deserialize(createdPayload, createdSerializer, createdManifest)
                  .get();
      byte[] material = KeyWrap.unwrap(secret, created.material().wrappedMaterial());
      assertEquals(32, material.length);
      assertArrayEquals(
          "secret data".getBytes(),
          Envelope.open(CiphertextBlob.decode(blob), material, Map.of()),
          "the recovered bytes are the key's real material");

      for (byte[] row : concat(journalRows, snapshotRows)) {
        for (byte[] sensitive : List.of(material, secret)) {
          assertFalse(contains(row, sensitive), "raw key bytes found in a journal/snapshot row");
          assertFalse(
              contains(row, Base64.getEncoder().encode(sensitive)),
              "base64 key bytes found in a row");
          assertFalse(
              contains(row, HexFormat.of().formatHex(sensitive).getBytes()),
              "hex key bytes found in a row");
        }
      }
      assertTrue(journalRows.size() > 100);
    }
  }

  private static byte[] single(Connection c, String sql, String param) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, param);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "row for " + param);
        return rs.getBytes(1);
      }
    }
  }

  private static List<byte[]> concat(List<byte[]> a, List<byte[]> b) {
    List<byte[]> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
