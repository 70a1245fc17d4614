package com.verenc.kms.node.masterkey;

import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.verenc.kms.crypto.masterkey.FileMasterKey;
import com.verenc.kms.crypto.masterkey.SoftHsm;
import com.verenc.kms.node.reliability.process.NodeProcess;
import com.verenc.kms.node.reliability.process.ProcessClients;
import com.verenc.kms.node.testkit.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Moving an installation's master key from a key file into a SoftHSM2 token is a rotation: node
 * processes started by ops/bin/kms-node, the token's key current and the file previous, then the
 * token alone.
 */
class Pkcs11MigrationTest {
  private static final String ZONE = "ch-gva-2";
  private static final SoftHsm.Token TOKEN = new SoftHsm.Token("kms-migration", "2468-mig");
  private static final String TOKEN_KEY = "pkcs11:verenc-kms-master-key";

  @TempDir Path dir;

  private Map<String, String> environment(TestDatabase database) {
    Map<String, String> env = new HashMap<>(NodeProcess.environment(ZONE, database));
    env.put("KMS_MANAGEMENT_PORT", "0");
    return env;
  }

  private Map<String, String> inToken(TestDatabase database, Path conf) throws IOException {
    Path pin = dir.resolve("pin");
    Files.writeString(pin, TOKEN.pin() + "\n", StandardCharsets.UTF_8);
    Map<String, String> env = environment(database);
    env.put("SOFTHSM2_CONF", conf.toString());
    env.put("KMS_MASTER_KEY_PKCS11_LIBRARY", SoftHsm.library().toString());
    env.put("KMS_MASTER_KEY_PKCS11_TOKEN", TOKEN.label());
    env.put("KMS_MASTER_KEY_PKCS11_PIN_FILE", pin.toString());
    return env;
  }

  @Test
  void secretsWrappedUnderAKeyFileMoveIntoTheTokenAndOpenWithTheTokenAlone() throws IOException {
    Path conf = SoftHsm.initialise(dir.resolve("hsm"), List.of(TOKEN));
    TestDatabase database = TestDatabase.h2(dir.resolve("data"));
    Path keyFile = dir.resolve("file.key");
    Map<SdkBytes, String> ciphertexts = new LinkedHashMap<>();
    Map<String, String> underFile = environment(database);
    underFile.put("KMS_MASTER_KEY_FILE", keyFile.toString());
    try (NodeProcess node = NodeProcess.start("under-file", underFile, dir);
        KmsClient kms = ProcessClients.client(node.endpoint(), ZONE)) {
      for (int i = 0; i < 4; i++) {
        String keyId =
            eventually(
                "CreateKey answers",
                () -> kms.createKey(r -> r.description("file")).keyMetadata().keyId());
        String plaintext = "under the key file " + i;
        ciphertexts.put(
            kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String(plaintext)))
                .ciphertextBlob(),
            plaintext);
      }
    }
    String file = FileMasterKey.readFrom(keyFile).id().toString();

    Map<String, String> migrating = inToken(database, conf);
    migrating.put("KMS_PREVIOUS_MASTER_KEY_FILE", keyFile.toString());
    try (NodeProcess node = NodeProcess.start("migrating", migrating, dir)) {
      assertTrue(node.log().contains("Previous master key " + file), node::tail);
      ManagementCalls calls = new ManagementCalls(node.managementPort());
      ManagementCalls.Answer started = calls.rotate();
      assertEquals(200, started.status(), started.body().toString());
      assertEquals(TOKEN_KEY, started.body().path("targetMasterKey").asText());
      eventually(
          "the zone's secrets are in the token",
          () -> calls.status().path("rotation").path("state").asText().equals("FINISHED"));
      JsonNode secrets = calls.secrets();
      assertEquals(List.of(file), List.of(secrets.path("retirable").get(0).asText()));
      assertEquals(1, secrets.path("secrets").size(), secrets.toString());
      assertTrue(secrets.path("secrets").path(TOKEN_KEY).asLong() >= 4, secrets.toString());
    }

    try (NodeProcess node = NodeProcess.start("token-only", inToken(database, conf), dir);
        KmsClient kms = ProcessClients.client(node.endpoint(), ZONE)) {
      ciphertexts.forEach(
          (blob, plaintext) ->
              assertEquals(
                  plaintext, kms.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String()));
    }
  }
}
