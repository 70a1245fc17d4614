package com.verenc.kms.node.masterkey;

import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.verenc.kms.crypto.masterkey.FileMasterKey;
import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import java.nio.file.Path;
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
 * Master key rotation on a running node: keys made under master key A, the node restarted with B
 * current and A previous, the zone's secrets re-wrapped under B while clients encrypt and decrypt,
 * then the node restarted with B alone.
 */
class MasterKeyRotationNodeTest {
  private static final int KEYS = 24;

  @TempDir Path dir;

  private Map<String, Object> config(Path current, Path previous, int maxRate) {
    Map<String, Object> config = new HashMap<>();
    config.put("kms.management.port", 0);
    config.put("kms.master-key-file", current == null ? "" : current.toString());
    config.put("kms.previous-master-key.file", previous == null ? "" : previous.toString());
    config.put("kms.master-key-rotation.batch-size", 4);
    config.put("kms.master-key-rotation.max-rate", maxRate);
    return config;
  }

  private static ManagementCalls management(TestNode node) {
    return new ManagementCalls(node.node().managementPort().orElseThrow());
  }

  private static List<String> createKeys(KmsClient kms) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      keys.add(kms.createKey(r -> r.description("under A")).keyMetadata().keyId());
    }
    return keys;
  }

  private static JsonNode finished(ManagementCalls calls) {
    return eventually(
        "the rotation finishes",
        () -> {
          JsonNode rotation = calls.status().path("rotation");
          return rotation.path("state").asText().equals("FINISHED") ? rotation : null;
        });
  }

  @Test
  void everyOldCiphertextDecryptsAfterARotationUnderLoadOnceTheOldKeyIsGone() {
    TestDatabase database = TestDatabase.h2(dir.resolve("data"));
    Path keyA = dir.resolve("data/master.key");
    Path keyB = dir.resolve("b.key");
    Map<SdkBytes, String> ciphertexts = new LinkedHashMap<>();
    List<GenerateDataKeyResponse> dataKeys = new ArrayList<>();
    List<String> keys;
    try (TestNode node = TestNode.start(database, config(null, null, 10));
        KmsClient kms = node.client()) {
      keys = createKeys(kms);
      for (String keyId : keys) {
        String plaintext = "made under A for " + keyId;
        ciphertexts.put(
            kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String(plaintext)))
                .ciphertextBlob(),
            plaintext);
        dataKeys.add(kms.generateDataKey(r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256)));
      }
      JsonNode before = management(node).status();
      assertEquals(
          FileMasterKey.readFrom(keyA).id().toString(), before.path("currentMasterKey").asText());
      assertTrue(before.path("rotation").isNull(), before.toString());
    }
    FileMasterKey b = FileMasterKey.generate();
    b.writeTo(keyB);
    String a = FileMasterKey.readFrom(keyA).id().toString();

    List<RotationLoad.Sealed> madeDuringRotation;
    try (TestNode node = TestNode.start(database, config(keyB, keyA, 10))) {
      ManagementCalls calls = management(node);
      JsonNode status = calls.status();
      assertEquals(b.id().toString(), status.path("currentMasterKey").asText());
      assertEquals(List.of(a), List.of(status.path("previousMasterKeys").get(0).asText()));
      try (RotationLoad load = new RotationLoad(keys, 3, node::client)) {
        eventually("the load runs", () -> load.succeeded() > 20);
        ManagementCalls.Answer started = calls.rotate();
        assertEquals(200, started.status(), started.body().toString());
        assertEquals(b.id().toString(), started.body().path("targetMasterKey").asText());
        // The keys, and the account's default key made on its first request.
        long total = started.body().path("total").asLong();
        assertEquals(KEYS + 1, total);
        long atStart = load.succeeded();
        JsonNode midway =
            eventually(
                "the rotation is under way",
                () -> {
                  JsonNode rotation = calls.status().path("rotation");
                  return rotation.path("done").asLong() > 0
                          && rotation.path("state").asText().equals("RUNNING")
                      ? rotation
                      : null;
                });
        assertTrue(midway.path("percent").asDouble() < 100, midway.toString());
        assertTrue(midway.path("ratePerSecond").asDouble() > 0, midway.toString());
        JsonNode finished = finished(calls);
        assertEquals(100.0, finished.path("percent").asDouble());
        assertEquals(total, finished.path("done").asLong());
        assertEquals(total, finished.path("rewrapped").asLong());
        assertTrue(
            load.succeeded() - atStart > 50,
            "requests served while the rotation ran: " + (load.succeeded() - atStart));
        load.close();
        assertEquals(List.of(), load.failures(), "failed requests during the rotation");
        madeDuringRotation = load.ciphertexts();
      }
      JsonNode secrets = calls.secrets();
      assertEquals(total(secrets, b.id().toString()), KEYS + 1, secrets.toString());
      assertEquals(0, total(secrets, a), secrets.toString());
      assertEquals(a, secrets.path("retirable").get(0).asText());
    }

    try (TestNode node = TestNode.start(database, config(keyB, null, 10));
        KmsClient kms = node.client()) {
      assertTrue(management(node).status().path("previousMasterKeys").isEmpty());
      ciphertexts.forEach(
          (blob, plaintext) ->
              assertEquals(
                  plaintext, kms.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String()));
      for (GenerateDataKeyResponse dataKey : dataKeys) {
        assertEquals(
            dataKey.plaintext(),
            kms.decrypt(r -> r.ciphertextBlob(dataKey.ciphertextBlob())).plaintext());
      }
      for (RotationLoad.Sealed sealed : madeDuringRotation) {
        assertArrayEquals(
            sealed.plaintext(),
            kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(sealed.ciphertext())))
                .plaintext()
                .asByteArray());
      }
    }
  }

  @Test
  void aRotationInterruptedByARestartResumesWhereItStopped() {
    TestDatabase database = TestDatabase.h2(dir.resolve("data"));
    Path keyA = dir.resolve("data/master.key");
    Path keyB = dir.resolve("b.key");
    try (TestNode node = TestNode.start(database, config(null, null, 4));
        KmsClient kms = node.client()) {
      createKeys(kms);
    }
    String a = FileMasterKey.readFrom(keyA).id().toString();
    FileMasterKey.generate().writeTo(keyB);
    long stoppedAt;
    try (TestNode node = TestNode.start(database, config(keyB, keyA, 4))) {
      ManagementCalls calls = management(node);
      ManagementCalls.Answer started = calls.rotate();
      assertEquals(200, started.status(), started.body().toString());
      stoppedAt =
          eventually(
              "a few pages are done",
              () -> {
                long done = calls.status().path("rotation").path("done").asLong();
                return done >= 8 ? done : null;
              });
    }
    try (TestNode node = TestNode.start(database, config(keyB, keyA, 100))) {
      ManagementCalls calls = management(node);
      JsonNode resumed = calls.status().path("rotation");
      assertTrue(resumed.path("done").asLong() >= stoppedAt, resumed.toString());
      JsonNode finished = finished(calls);
      // The same pass went on: one started over would find the first secrets re-wrapped already.
      assertEquals(KEYS + 1, finished.path("done").asLong());
      assertEquals(KEYS + 1, finished.path("rewrapped").asLong());
      assertEquals(a, calls.secrets().path("retirable").get(0).asText());
    }
  }

  private static long total(JsonNode secrets, String masterKey) {
    return secrets.path("secrets").path(masterKey).asLong(0);
  }
}
