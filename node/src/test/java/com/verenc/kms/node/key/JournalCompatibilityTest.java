package com.verenc.kms.node.key;

import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.node.testkit.TestZones;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.MultiRegionKeyType;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.RotationType;

/**
 * Zones written by an earlier version of the node recover on this one. The fixture (test resource
 * journal-fixture: two zones' H2 databases and their master key) was made by the node as of commit
 * 30696dc through the API: keys rotated on demand, disabled, pending deletion, with over 100 events
 * (so recovery starts from a snapshot), a multi-zone key with a replica, a key with its own policy
 * and an alias; fixture.json lists them and ciphertexts made then.
 */
class JournalCompatibilityTest {
  private static final String A = "ch-gva-2";
  private static final String B = "de-fra-1";
  private static final Map<String, String> CONTEXT = Map.of("tenant", "fixture");

  @TempDir Path dir;

  @Test
  void keysWrittenByAnEarlierVersionRecoverWithTheirHistoryAndStillDecrypt() throws Exception {
    copyFixture();
    JsonNode fixture = new ObjectMapper().readTree(dir.resolve("fixture.json").toFile());
    JsonNode keys = fixture.path("keys");
    try (TestZones zones = TestZones.start(dir, List.of(A, B))) {
      KmsClient a = zones.client(A);
      KmsClient b = zones.client(B);
      String k2 = keys.path("k2").asText();
      for (JsonNode ct : fixture.path("ciphertexts")) {
        KmsClient kms = ct.path("zone").asText().equals(A) ? a : b;
        SdkBytes blob =
            SdkBytes.fromByteArray(Base64.getDecoder().decode(ct.path("blob").asText()));
        if (ct.path("keyId").asText().equals(k2)) {
          assertThrows(
              DisabledException.class,
              () -> kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(CONTEXT)));
          continue;
        }
        assertEquals(
            ct.path("plaintext").asText(),
            kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(CONTEXT))
                .plaintext()
                .asUtf8String());
      }

      String k1 = keys.path("k1").asText();
      assertEquals(
          List.of(RotationType.ON_DEMAND, RotationType.ON_DEMAND),
          a.listKeyRotations(r -> r.keyId(k1)).rotations().stream()
              .map(r -> r.rotationType())
              .toList());
      assertEquals(false, a.getKeyRotationStatus(r -> r.keyId(k1)).keyRotationEnabled());
      assertEquals(KeyState.DISABLED, a.describeKey(r -> r.keyId(k2)).keyMetadata().keyState());

      String k3 = keys.path("k3").asText();
      Instant deletion = Instant.parse(fixture.path("k3DeletionDate").asText());
      if (Instant.now().isBefore(deletion)) {
        KeyMetadata pending = a.describeKey(r -> r.keyId(k3)).keyMetadata();
        assertEquals(KeyState.PENDING_DELETION, pending.keyState());
        assertEquals(deletion.getEpochSecond(), pending.deletionDate().getEpochSecond());
      } else {
        assertThrows(
            NotFoundException.class,
            () -> a.describeKey(r -> r.keyId(k3)),
            "destroyed at its date");
      }

      String k4 = keys.path("k4").asText();
      Map<String, String> tags =
          Map.copyOf(
              a.listResourceTags(r -> r.keyId(k4)).tags().stream()
                  .collect(java.util.stream.Collectors.toMap(t -> t.tagKey(), t -> t.tagValue())));
      assertEquals(Map.of("team", "start", "step", "109"), tags);
      assertEquals("many events", a.describeKey(r -> r.keyId(k4)).keyMetadata().description());

      String k5 = keys.path("k5").asText();
      KeyMetadata primary = a.describeKey(r -> r.keyId(k5)).keyMetadata();
      assertEquals(
          MultiRegionKeyType.PRIMARY, primary.multiRegionConfiguration().multiRegionKeyType());
      assertEquals(B, primary.multiRegionConfiguration().replicaKeys().get(0).region());
      KeyMetadata replica = b.describeKey(r -> r.keyId(k5)).keyMetadata();
      assertEquals(
          MultiRegionKeyType.REPLICA, replica.multiRegionConfiguration().multiRegionKeyType());
      assertEquals("replica of k5", replica.description());
      // The set still replicates: a rotation made now reaches the replica, and ciphertexts cross
      // zones.
      a.rotateKeyOnDemand(r -> r.keyId(k5));
      SdkBytes sealed =
          a.encrypt(r -> r.keyId(k5).plaintext(SdkBytes.fromUtf8String("after recovery")))
              .ciphertextBlob();
      assertEquals(
          "after recovery",
          eventually(
              "the new version in " + B,
              () -> {
                try {
                  return b.decrypt(r -> r.ciphertextBlob(sealed)).plaintext().asUtf8String();
                } catch (RuntimeException notYet) {
                  return null;
                }
              }));

      String k6 = keys.path("k6").asText();
      assertEquals(
          fixture.path("k6Policy").asText(),
          a.getKeyPolicy(r -> r.keyId(k6).policyName("default")).policy());
      SdkBytes k6Blob =
          a.encrypt(r -> r.keyId("alias/fixture/k6").plaintext(SdkBytes.fromUtf8String("x")))
              .ciphertextBlob();
      KmsException denied =
          assertThrows(KmsException.class, () -> a.decrypt(r -> r.ciphertextBlob(k6Blob)));
      assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());

      List<String> listed = a.listKeys().keys().stream().map(k -> k.keyId()).toList();
      for (String name : List.of("k1", "k2", "k4", "k5", "k6")) {
        assertTrue(listed.contains(keys.path(name).asText()), name + " listed");
      }
    }
  }

  /** The fixture's files, writable: the zones open and change them. */
  private void copyFixture() throws IOException {
    for (String file : List.of("fixture.json", "master.key", A + "/kms.mv.db", B + "/kms.mv.db")) {
      Path target = dir.resolve(file);
      Files.createDirectories(target.getParent());
      try (InputStream in = getClass().getResourceAsStream("/journal-fixture/" + file)) {
        if (in == null) {
          throw new UncheckedIOException(
              new IOException("test resource journal-fixture/" + file + " is missing"));
        }
        Files.copy(in, target);
      }
    }
  }
}
