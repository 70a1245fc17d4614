package com.verenc.kms.node.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.crypto.masterkey.FileMasterKey;
import com.verenc.kms.crypto.masterkey.MasterKeyId;
import com.verenc.kms.crypto.masterkey.WrappedSecret;
import com.verenc.kms.node.persistence.EmbeddedDatabasePassword;
import com.verenc.kms.node.testkit.TestZones;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Secrets stored before wrapped secrets named their master key (the journal fixture's zone, made by
 * the node as of commit 30696dc) keep opening under the same key file, and stay as they were;
 * secrets stored now name the key file that wrapped them, in a column widened for the header.
 */
class LegacyWrappedSecretsTest {
  private static final String ZONE = "ch-gva-2";
  private static final Map<String, String> CONTEXT = Map.of("tenant", "fixture");

  @TempDir Path dir;

  @Test
  void secretsStoredBeforeTheHeaderStillOpenAndNewOnesNameTheirKey() throws Exception {
    for (String file : List.of("fixture.json", "master.key", ZONE + "/kms.mv.db")) {
      copyFixture(file);
    }
    JsonNode fixture = new ObjectMapper().readTree(dir.resolve("fixture.json").toFile());
    String newKey;
    try (TestZones zones = TestZones.start(dir, List.of(ZONE))) {
      KmsClient kms = zones.client(ZONE);
      String disabled = fixture.path("keys").path("k2").asText();
      int decrypted = 0;
      for (JsonNode ct : fixture.path("ciphertexts")) {
        if (!ct.path("zone").asText().equals(ZONE) || ct.path("keyId").asText().equals(disabled)) {
          continue;
        }
        SdkBytes blob =
            SdkBytes.fromByteArray(Base64.getDecoder().decode(ct.path("blob").asText()));
        assertEquals(
            ct.path("plaintext").asText(),
            kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(CONTEXT))
                .plaintext()
                .asUtf8String());
        decrypted++;
      }
      assertTrue(decrypted >= 3, "the fixture's ciphertexts of " + ZONE + " were decrypted");
      newKey = kms.createKey(r -> r.description("after the header")).keyMetadata().keyId();
    }

    FileMasterKey master = FileMasterKey.readFrom(dir.resolve("master.key"));
    Map<String, byte[]> stored = new HashMap<>();
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:h2:file:" + dir.resolve(ZONE).resolve("kms"),
                "sa",
                EmbeddedDatabasePassword.derive(master));
        Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery("SELECT persistence_id, wrapped_secret FROM kms_key_secret")) {
        while (rs.next()) {
          stored.put(rs.getString(1), rs.getBytes(2));
        }
      }
      assertEquals(512, columnLength(st), "wrapped_secret widened for the header");
    }
    String newRow = "key|" + ZONE + "|" + newKey;
    assertEquals(master.id(), WrappedSecret.decode(stored.remove(newRow)).wrappedBy());
    assertFalse(stored.isEmpty());
    stored.forEach(
        (key, wrapped) -> {
          assertEquals(40, wrapped.length, key + " kept as stored");
          assertEquals(MasterKeyId.UNNAMED_FILE, WrappedSecret.decode(wrapped).wrappedBy());
          assertEquals(32, master.unwrap(wrapped).length, key);
        });
  }

  private static long columnLength(Statement st) throws SQLException {
    try (ResultSet rs =
        st.executeQuery(
            "SELECT CHARACTER_MAXIMUM_LENGTH FROM INFORMATION_SCHEMA.COLUMNS "
                + "WHERE TABLE_NAME = 'KMS_KEY_SECRET' AND COLUMN_NAME = 'WRAPPED_SECRET'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void copyFixture(String file) throws IOException {
    Path target = dir.resolve(file);
    Files.createDirectories(target.getParent());
    try (InputStream in = getClass().getResourceAsStream("/journal-fixture/" + file)) {
      if (in == null) {
        throw new IOException("test resource journal-fixture/" + file + " is missing");
      }
      Files.copy(in, target);
    }
  }
}
