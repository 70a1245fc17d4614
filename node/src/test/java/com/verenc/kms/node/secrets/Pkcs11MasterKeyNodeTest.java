package com.verenc.kms.node.secrets;

import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.crypto.masterkey.MasterKeyId;
import com.verenc.kms.crypto.masterkey.SoftHsm;
import com.verenc.kms.crypto.masterkey.WrappedSecret;
import com.verenc.kms.node.reliability.process.NodeProcess;
import com.verenc.kms.node.reliability.process.ProcessClients;
import com.verenc.kms.node.testkit.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

/**
 * Nodes whose master key is in a SoftHSM2 token, as real processes started by ops/bin/kms-node with
 * the KMS_MASTER_KEY_PKCS11_* settings and a SOFTHSM2_CONF of the test's own.
 */
class Pkcs11MasterKeyNodeTest {
  private static final String ZONE = "ch-gva-2";
  private static final SoftHsm.Token TOKEN = new SoftHsm.Token("kms-node", "4321-node");
  private static final Duration REFUSAL_TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path dir;

  private Map<String, String> environment(TestDatabase database, Path conf, String pin)
      throws IOException {
    Map<String, String> env = new HashMap<>(NodeProcess.environment(ZONE, database));
    Path pinFile = Files.createTempFile(dir, "pin", ".txt");
    Files.writeString(pinFile, pin + "\n", StandardCharsets.UTF_8);
    env.put("SOFTHSM2_CONF", conf.toString());
    env.put("KMS_MASTER_KEY_PKCS11_LIBRARY", SoftHsm.library().toString());
    env.put("KMS_MASTER_KEY_PKCS11_TOKEN", TOKEN.label());
    env.put("KMS_MASTER_KEY_PKCS11_PIN_FILE", pinFile.toString());
    return env;
  }

  /** The account's first request also provisions its default key, which may take a moment. */
  private static String createKey(KmsClient kms, String description) {
    return eventually(
        "CreateKey answers",
        () -> kms.createKey(r -> r.description(description)).keyMetadata().keyId());
  }

  @Test
  void keysMadeUnderTheTokensMasterKeyDecryptAfterTheNodeRestarts() throws IOException {
    Path conf = SoftHsm.initialise(dir.resolve("hsm"), List.of(TOKEN));
    Path data = dir.resolve("data");
    Map<String, String> env = environment(TestDatabase.h2(data), conf, TOKEN.pin());
    Map<SdkBytes, String> ciphertexts = new LinkedHashMap<>();
    List<GenerateDataKeyResponse> dataKeys = new ArrayList<>();
    try (NodeProcess node = NodeProcess.start("hsm-node", env, dir)) {
      assertTrue(
          node.log()
              .contains(
                  "Created the master key 'verenc-kms-master-key' in PKCS #11 token 'kms-node'"),
          node::tail);
      try (KmsClient kms = ProcessClients.client(node.endpoint(), ZONE)) {
        for (int i = 0; i < 3; i++) {
          String keyId = createKey(kms, "hsm");
          String plaintext = "secret " + i;
          ciphertexts.put(
              kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String(plaintext)))
                  .ciphertextBlob(),
              plaintext);
          dataKeys.add(kms.generateDataKey(r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256)));
        }
      }
      assertFalse(Files.exists(data.resolve("master.key")), "no key file beside the token");

      node.kill();
      node.restart();
      String restart = node.currentLaunchLog();
      assertTrue(
          restart.contains("Master key 'verenc-kms-master-key' in PKCS #11 token 'kms-node'"),
          node::tail);
      assertFalse(restart.contains("Created the master key"), node::tail);
      try (KmsClient kms = ProcessClients.client(node.endpoint(), ZONE)) {
        ciphertexts.forEach(
            (blob, plaintext) ->
                assertEquals(
                    plaintext,
                    kms.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String()));
        for (GenerateDataKeyResponse dataKey : dataKeys) {
          assertEquals(
              dataKey.plaintext(),
              kms.decrypt(r -> r.ciphertextBlob(dataKey.ciphertextBlob())).plaintext());
        }
      }
    }
  }

  @Test
  void theStoredSecretsNameTheTokensKeyByItsLabel() throws Exception {
    Path conf = SoftHsm.initialise(dir.resolve("hsm"), List.of(TOKEN));
    TestDatabase database = TestDatabase.freshPostgres(dir.resolve("data"));
    try {
      Map<String, String> env = environment(database, conf, TOKEN.pin());
      env.put("KMS_MASTER_KEY_PKCS11_LABEL", "zone-master");
      try (NodeProcess node = NodeProcess.start("hsm-labelled", env, dir);
          KmsClient kms = ProcessClients.client(node.endpoint(), ZONE)) {
        assertTrue(
            node.log().contains("Created the master key 'zone-master' in PKCS #11 token"),
            node::tail);
        createKey(kms, "one");
        createKey(kms, "two");
      }
      List<MasterKeyId> wrappedBy = new ArrayList<>();
      try (Connection c = database.connect();
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT wrapped_secret FROM kms_key_secret")) {
        while (rs.next()) {
          wrappedBy.add(WrappedSecret.decode(rs.getBytes(1)).wrappedBy());
        }
      }
      assertFalse(wrappedBy.isEmpty());
      MasterKeyId tokenKey = new MasterKeyId(MasterKeyId.Kind.PKCS11, "zone-master");
      assertTrue(wrappedBy.stream().allMatch(tokenKey::equals), wrappedBy::toString);
    } finally {
      database.drop();
    }
  }

  @Test
  void aWrongPinOrAMissingTokenOrLibraryIsOneLineAtStartUp() throws IOException {
    Path conf = SoftHsm.initialise(dir.resolve("hsm"), List.of(TOKEN));
    TestDatabase database = TestDatabase.h2(dir.resolve("data"));
    Map<String, String> wrongPin = environment(database, conf, "0000-wrong");
    Map<String, String> otherToken = environment(database, conf, TOKEN.pin());
    otherToken.put("KMS_MASTER_KEY_PKCS11_TOKEN", "absent");
    Map<String, String> noLibrary = environment(database, conf, TOKEN.pin());
    noLibrary.put("KMS_MASTER_KEY_PKCS11_LIBRARY", dir.resolve("libnothing.so").toString());
    Map<String, Map<String, String>> cases = new LinkedHashMap<>();
    cases.put(
        "kms-node: cannot start: PKCS #11 token 'kms-node' refused the PIN in "
            + "KMS_MASTER_KEY_PKCS11_PIN_FILE: it is wrong",
        wrongPin);
    cases.put(
        "kms-node: cannot start: no token is labelled 'absent' in PKCS #11 library "
            + SoftHsm.library()
            + " (KMS_MASTER_KEY_PKCS11_TOKEN); its tokens: 'kms-node', ''",
        otherToken);
    cases.put(
        "kms-node: cannot start: PKCS #11 library "
            + dir.resolve("libnothing.so")
            + " does not exist (KMS_MASTER_KEY_PKCS11_LIBRARY",
        noLibrary);
    int n = 0;
    for (Map.Entry<String, Map<String, String>> refusal : cases.entrySet()) {
      try (NodeProcess node = NodeProcess.launch("refused-" + n++, refusal.getValue(), dir)) {
        assertEquals(2, node.awaitExit(REFUSAL_TIMEOUT), node::tail);
        String output = node.currentLaunchLog();
        assertTrue(output.contains(refusal.getKey()), output);
        assertFalse(output.contains("Exception"), output);
        assertFalse(output.contains("\tat "), output);
        assertFalse(output.contains(TOKEN.pin()), output);
      }
    }
  }
}
