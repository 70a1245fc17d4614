package com.verenc.kms.node.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.crypto.AsymmetricKeys;
import com.verenc.kms.crypto.CiphertextBlob;
import com.verenc.kms.crypto.Envelope;
import com.verenc.kms.crypto.Hmac;
import com.verenc.kms.crypto.KeyWrap;
import com.verenc.kms.crypto.MacAlgorithm;
import com.verenc.kms.crypto.masterkey.FileMasterKey;
import com.verenc.kms.node.testkit.OfflineImportClient;
import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
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
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * Recovers a key's real material the way only the node can (master key -> per-key secret -> wrapped
 * material in the Created event), proves it is the material the key uses, and then proves those
 * bytes appear in no journal or snapshot row, in any encoding: AES material, HMAC keys and the
 * private halves of RSA and EC key pairs alike.
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

      AtRest rows = AtRest.read(node, dir);
      String persistenceId = KeyEntity.persistenceId(TestNode.ZONE, keyId).id();
      assertTrue(
          rows.snapshotOwners.contains(persistenceId),
          "the key wrote a snapshot, so snapshots are covered too");
      byte[] secret = rows.secret(persistenceId);
      byte[] material = rows.material(node, persistenceId, secret);
      assertEquals(32, material.length);
      assertArrayEquals(
          "secret data".getBytes(),
          Envelope.open(CiphertextBlob.decode(blob), material, Map.of()),
          "the recovered bytes are the key's real material");

      rows.assertAbsent(List.of(material, secret));
      assertTrue(rows.journal.size() > 100);
    }
  }

  @Test
  void hmacKeysAndPrivateKeysNeverAppearUnwrapped() throws Exception {
    try (TestNode node = TestNode.start(TestDatabase.h2(dir));
        KmsClient kms = node.client()) {
      String hmac = create(kms, "HMAC_256", KeyUsageType.GENERATE_VERIFY_MAC);
      byte[] mac =
          kms.generateMac(
                  b ->
                      b.keyId(hmac)
                          .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                          .message(SdkBytes.fromUtf8String("message")))
              .mac()
              .asByteArray();
      List<String> pairs =
          List.of(
              create(kms, "RSA_2048", KeyUsageType.SIGN_VERIFY),
              create(kms, "RSA_2048", KeyUsageType.ENCRYPT_DECRYPT),
              create(kms, "ECC_NIST_P256", KeyUsageType.SIGN_VERIFY),
              create(kms, "ECC_NIST_P384", KeyUsageType.KEY_AGREEMENT),
              create(kms, "ECC_SECG_P256K1", KeyUsageType.SIGN_VERIFY));
      List<byte[]> publicKeys = new ArrayList<>();
      for (String keyId : pairs) {
        publicKeys.add(kms.getPublicKey(b -> b.keyId(keyId)).publicKey().asByteArray());
      }

      AtRest rows = AtRest.read(node, dir);
      List<byte[]> sensitive = new ArrayList<>();

      String hmacId = KeyEntity.persistenceId(TestNode.ZONE, hmac).id();
      byte[] hmacSecret = rows.secret(hmacId);
      byte[] hmacKey = rows.material(node, hmacId, hmacSecret);
      assertEquals(32, hmacKey.length);
      assertArrayEquals(
          mac,
          Hmac.generate(MacAlgorithm.HMAC_SHA_256, hmacKey, "message".getBytes()),
          "the recovered bytes are the HMAC key that made the MAC");
      sensitive.add(hmacKey);
      sensitive.add(hmacSecret);

      for (int i = 0; i < pairs.size(); i++) {
        String persistenceId = KeyEntity.persistenceId(TestNode.ZONE, pairs.get(i)).id();
        byte[] secret = rows.secret(persistenceId);
        byte[] material = rows.material(node, persistenceId, secret);
        assertArrayEquals(
            publicKeys.get(i),
            AsymmetricKeys.publicKeyDer(material),
            "the recovered material is the pair GetPublicKey shows");
        byte[] privateKey = AsymmetricKeys.privateKeyDer(material);
        sensitive.add(secret);
        sensitive.add(privateKey);
        sensitive.add(privateValue(privateKey));
      }

      rows.assertAbsent(sensitive);
    }
  }

  @Test
  void importedMaterialNeverAppearsUnwrapped() throws Exception {
    try (TestNode node = TestNode.start(TestDatabase.h2(dir));
        KmsClient kms = node.client()) {
      byte[] symmetric = new byte[32];
      new java.security.SecureRandom().nextBytes(symmetric);
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair ec = generator.generateKeyPair();
      String sym = createExternal(kms, "SYMMETRIC_DEFAULT", KeyUsageType.ENCRYPT_DECRYPT);
      String ecc = createExternal(kms, "ECC_NIST_P256", KeyUsageType.SIGN_VERIFY);
      importMaterial(kms, sym, symmetric);
      // Deleted and imported again: two MaterialImported events and one deletion in the journal.
      kms.deleteImportedKeyMaterial(b -> b.keyId(sym));
      importMaterial(kms, sym, symmetric);
      importMaterial(kms, ecc, ec.getPrivate().getEncoded());
      // Material for an on-demand rotation, kept (wrapped) until the rotation makes it current.
      byte[] rotation = new byte[32];
      new java.security.SecureRandom().nextBytes(rotation);
      importMaterial(kms, sym, rotation, "NEW_KEY_MATERIAL");
      byte[] blob =
          kms.encrypt(b -> b.keyId(sym).plaintext(SdkBytes.fromUtf8String("imported")))
              .ciphertextBlob()
              .asByteArray();
      assertArrayEquals(
          ec.getPublic().getEncoded(),
          kms.getPublicKey(b -> b.keyId(ecc)).publicKey().asByteArray());

      AtRest rows = AtRest.read(node, dir);
      String symId = KeyEntity.persistenceId(TestNode.ZONE, sym).id();
      String eccId = KeyEntity.persistenceId(TestNode.ZONE, ecc).id();
      byte[] symSecret = rows.secret(symId);
      byte[] eccSecret = rows.secret(eccId);
      assertEquals(2, rows.importedEvents.get(symId).size());
      for (byte[] payload : rows.importedEvents.get(symId)) {
        assertArrayEquals(
            symmetric,
            rows.importedMaterial(node, payload, symSecret),
            "the journal holds the imported bytes, wrapped");
      }
      assertArrayEquals(
          "imported".getBytes(),
          Envelope.open(CiphertextBlob.decode(blob), symmetric, Map.of()),
          "the key encrypts with the imported bytes");
      byte[] stored = rows.importedMaterial(node, rows.importedEvents.get(eccId).get(0), eccSecret);
      assertArrayEquals(ec.getPublic().getEncoded(), AsymmetricKeys.publicKeyDer(stored));
      byte[] storedPrivateKey = AsymmetricKeys.privateKeyDer(stored);

      rows.assertAbsent(
          List.of(
              symmetric,
              rotation,
              symSecret,
              eccSecret,
              ec.getPrivate().getEncoded(),
              storedPrivateKey,
              privateValue(ec.getPrivate().getEncoded())));
    }
  }

  private static String createExternal(KmsClient kms, String spec, KeyUsageType usage) {
    return kms.createKey(b -> b.keySpec(spec).keyUsage(usage).origin(OriginType.EXTERNAL))
        .keyMetadata()
        .keyId();
  }

  private static void importMaterial(KmsClient kms, String keyId, byte[] material) {
    importMaterial(kms, keyId, material, null);
  }

  private static void importMaterial(
      KmsClient kms, String keyId, byte[] material, String importType) {
    OfflineImportClient.importMaterial(kms, keyId, material, b -> b.importType(importType));
  }

  private static String create(KmsClient kms, String spec, KeyUsageType usage) {
    return kms.createKey(b -> b.keySpec(spec).keyUsage(usage)).keyMetadata().keyId();
  }

  /** The secret number of a private key (RSA private exponent, EC scalar), unsigned. */
  private static byte[] privateValue(byte[] pkcs8) throws Exception {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
    BigInteger value;
    try {
      value =
          ((RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(spec))
              .getPrivateExponent();
    } catch (java.security.spec.InvalidKeySpecException notRsa) {
      value =
          ((ECPrivateKey)
                  KeyFactory.getInstance(
                          "EC", new org.bouncycastle.jce.provider.BouncyCastleProvider())
                      .generatePrivate(spec))
              .getS();
    }
    byte[] signed = value.toByteArray();
    return signed[0] == 0 ? java.util.Arrays.copyOfRange(signed, 1, signed.length) : signed;
  }

  /** Every journal and snapshot row of a node's database, and the keys' wrapped secrets. */
  private static final class AtRest {
    final List<byte[]> journal = new ArrayList<>();
    final List<byte[]> snapshots = new ArrayList<>();
    final List<String> snapshotOwners = new ArrayList<>();
    final Map<String, byte[]> createdEvents = new java.util.HashMap<>();
    final Map<String, Integer> createdSerializers = new java.util.HashMap<>();
    final Map<String, String> createdManifests = new java.util.HashMap<>();
    final Map<String, byte[]> wrappedSecrets = new java.util.HashMap<>();
    final Map<String, List<byte[]>> importedEvents = new java.util.HashMap<>();
    private int importedSerializer;
    private String importedManifest;
    final FileMasterKey master;

    private AtRest(FileMasterKey master) {
      this.master = master;
    }

    static AtRest read(TestNode node, Path dir) throws Exception {
      AtRest rows = new AtRest(FileMasterKey.readFrom(dir.resolve("master.key")));
      try (Connection c = node.database().connect()) {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT persistence_id, wrapped_secret FROM kms_key_secret");
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.wrappedSecrets.put(rs.getString(1), rs.getBytes(2));
          }
        }
        try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT \"event_payload\", \"event_ser_id\", \"event_ser_manifest\", \"persistence_id\" "
                        + "FROM \"event_journal\" ORDER BY \"ordering\"");
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.journal.add(rs.getBytes(1));
            if (rs.getString(3).endsWith("KeyCreated")) {
              rows.createdEvents.putIfAbsent(rs.getString(4), rs.getBytes(1));
              rows.createdSerializers.putIfAbsent(rs.getString(4), rs.getInt(2));
              rows.createdManifests.putIfAbsent(rs.getString(4), rs.getString(3));
            }
            if (rs.getString(3).endsWith("$MaterialImported")) {
              rows.importedEvents
                  .computeIfAbsent(rs.getString(4), k -> new ArrayList<>())
                  .add(rs.getBytes(1));
              rows.importedSerializer = rs.getInt(2);
              rows.importedManifest = rs.getString(3);
            }
          }
        }
        try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT \"snapshot_payload\", \"persistence_id\" FROM \"snapshot\"");
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.snapshots.add(rs.getBytes(1));
            rows.snapshotOwners.add(rs.getString(2));
          }
        }
      }
      return rows;
    }

    byte[] secret(String persistenceId) {
      byte[] wrapped = wrappedSecrets.get(persistenceId);
      assertNotNull(wrapped, "secret row for " + persistenceId);
      return master.unwrap(wrapped);
    }

    /** The key's first material version, unwrapped from its KeyCreated event with its secret. */
    byte[] material(TestNode node, String persistenceId, byte[] secret) {
      byte[] payload = createdEvents.get(persistenceId);
      assertNotNull(payload, "the key's KeyCreated event is in the journal");
      KeyEvent.KeyCreated created =
          (KeyEvent.KeyCreated)
              SerializationExtension.get(node.node().system())
                  .deserialize(
                      payload,
                      createdSerializers.get(persistenceId),
                      createdManifests.get(persistenceId))
                  .get();
      return KeyWrap.unwrap(secret, created.material().wrappedMaterial());
    }

    /** The material of a MaterialImported event's payload, unwrapped with the key's secret. */
    byte[] importedMaterial(TestNode node, byte[] payload, byte[] secret) {
      KeyEvent.MaterialImported imported =
          (KeyEvent.MaterialImported)
              SerializationExtension.get(node.node().system())
                  .deserialize(payload, importedSerializer, importedManifest)
                  .get();
      return KeyWrap.unwrap(secret, imported.material().wrappedMaterial());
    }

    void assertAbsent(List<byte[]> sensitive) {
      List<byte[]> all = new ArrayList<>(journal);
      all.addAll(snapshots);
      for (byte[] row : all) {
        for (byte[] bytes : sensitive) {
          assertFalse(contains(row, bytes), "raw key bytes found in a journal/snapshot row");
          assertFalse(
              contains(row, Base64.getEncoder().encode(bytes)), "base64 key bytes found in a row");
          assertFalse(
              contains(row, HexFormat.of().formatHex(bytes).getBytes()),
              "hex key bytes found in a row");
        }
      }
    }
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
