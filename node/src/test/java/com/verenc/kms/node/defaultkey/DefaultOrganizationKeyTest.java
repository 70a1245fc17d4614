package com.verenc.kms.node.defaultkey;

import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.crypto.CiphertextBlob;
import com.verenc.kms.node.testkit.TestZones;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/**
 * The Default Organization Key across three zones (and a fourth added later): there without any
 * call creating it, usable and decryptable everywhere, platform-managed, rotated yearly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DefaultOrganizationKeyTest {
  static final String A = "ch-gva-2";
  static final String B = "de-fra-1";
  static final String C = "at-vie-1";
  static final String D = "fr-par-1";
  static final String ALIAS = "alias/verenc/default";

  TestZones zones;
  KmsClient a;
  KmsClient b;
  KmsClient c;

  @BeforeAll
  void start(@TempDir Path dir) {
    zones = TestZones.start(dir, List.of(A, B, C));
    a = zones.client(A);
    b = zones.client(B);
    c = zones.client(C);
  }

  @AfterAll
  void stop() {
    if (zones != null) {
      zones.close();
    }
  }

  private static SdkBytes encrypt(KmsClient client, String text) {
    return client
        .encrypt(r -> r.keyId(ALIAS).plaintext(SdkBytes.fromUtf8String(text)))
        .ciphertextBlob();
  }

  private static String decrypt(KmsClient client, SdkBytes blob) {
    return client.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String();
  }

  @Test
  void aFreshAccountsFirstCallInAReplicaZoneFindsItsDefaultKey() {
    KeyMetadata inB = b.describeKey(r -> r.keyId(ALIAS)).keyMetadata();
    assertEquals(KeyManagerType.AWS, inB.keyManager());
    assertTrue(inB.multiRegion());
    assertTrue(inB.keyId().startsWith("mrk-"));
    assertEquals(KeyState.ENABLED, inB.keyState());
    assertEquals(
        A,
        inB.multiRegionConfiguration().primaryKey().region(),
        "replicated from the platform primary");

    SdkBytes fromB = encrypt(b, "made in B");
    assertEquals("made in B", decrypt(a, fromB));
    assertEquals("made in B", decrypt(c, fromB));
    assertEquals(
        inB.keyId(),
        a.describeKey(r -> r.keyId(ALIAS)).keyMetadata().keyId(),
        "the same key everywhere");

    assertTrue(b.listKeys().keys().stream().anyMatch(k -> k.keyId().equals(inB.keyId())));
    assertTrue(
        b.listAliases().aliases().stream()
            .anyMatch(al -> al.aliasName().equals(ALIAS) && al.targetKeyId().equals(inB.keyId())));
  }

  @Test
  void theDefaultKeyRefusesWhatThePlatformManages() {
    String keyId = a.describeKey(r -> r.keyId(ALIAS)).keyMetadata().keyId();
    for (Runnable call :
        List.<Runnable>of(
            () -> a.rotateKeyOnDemand(r -> r.keyId(keyId)),
            () -> a.enableKeyRotation(r -> r.keyId(keyId)),
            () -> a.disableKeyRotation(r -> r.keyId(keyId)),
            () -> a.disableKey(r -> r.keyId(keyId)),
            () -> a.scheduleKeyDeletion(r -> r.keyId(keyId)),
            () ->
                a.putKeyPolicy(
                    r ->
                        r.keyId(keyId)
                            .policy(
                                "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                                    + "\"Action\":\"kms:*\",\"Resource\":\"*\"}]}")),
            () -> a.replicateKey(r -> r.keyId(keyId).replicaRegion(B)),
            () -> a.tagResource(r -> r.keyId(keyId).tags(t -> t.tagKey("k").tagValue("v"))),
            () -> a.untagResource(r -> r.keyId(keyId).tagKeys("k")),
            () -> a.createAlias(r -> r.aliasName("alias/mine").targetKeyId(keyId)),
            () -> b.disableKey(r -> r.keyId(ALIAS)))) {
      UnsupportedOperationException e =
          assertThrows(UnsupportedOperationException.class, call::run);
      assertTrue(
          e.awsErrorDetails().errorMessage().contains("Default Organization Key"), e.getMessage());
    }
    for (String reserved : List.of("alias/verenc/default", "alias/verenc/other")) {
      KmsException e =
          assertThrows(KmsException.class, () -> c.deleteAlias(r -> r.aliasName(reserved)));
      assertEquals("NotAuthorizedException", e.awsErrorDetails().errorCode());
    }
    assertEquals(KeyState.ENABLED, a.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState());
  }

  @Test
  void dataKeysMoveFromTheDefaultKeyToACustomerMultiZoneKey() {
    String own =
        a.createKey(r -> r.multiRegion(true).description("migration target")).keyMetadata().keyId();
    a.replicateKey(r -> r.keyId(own).replicaRegion(C));
    var dataKey = a.generateDataKey(r -> r.keyId(ALIAS).keySpec("AES_256"));
    SdkBytes moved =
        a.reEncrypt(r -> r.ciphertextBlob(dataKey.ciphertextBlob()).destinationKeyId(own))
            .ciphertextBlob();
    assertEquals(own, CiphertextBlob.decode(moved.asByteArray()).keyId());
    SdkBytes inC =
        eventually(
            "C decrypts the re-encrypted data key",
            () -> {
              var plain = c.decrypt(r -> r.ciphertextBlob(moved)).plaintext();
              return plain.equals(dataKey.plaintext()) ? plain : null;
            });
    assertEquals(32, inC.asByteArray().length);
  }

  @Test
  void aZoneAddedLaterServesTheKey() {
    SdkBytes fromA = encrypt(a, "before D existed");
    zones.add(D, List.of(A, B, C, D));
    KmsClient d = zones.client(D);
    assertEquals("before D existed", decrypt(d, fromA));
    SdkBytes fromD = encrypt(d, "made in D");
    assertEquals("made in D", decrypt(b, fromD));
    assertEquals(KeyManagerType.AWS, d.describeKey(r -> r.keyId(ALIAS)).keyMetadata().keyManager());
  }

  @Test
  void aPlatformRotationReachesEveryZone() {
    String keyId = a.describeKey(r -> r.keyId(ALIAS)).keyMetadata().keyId();
    int before = CiphertextBlob.decode(encrypt(a, "x").asByteArray()).materialVersion();
    SdkBytes old = encrypt(c, "old version");
    zones.zone(A).clock().advance(Duration.ofDays(366));
    for (KmsClient client : new KmsClient[] {a, b, c}) {
      eventually(
          "new version used",
          () ->
              CiphertextBlob.decode(encrypt(client, "probe").asByteArray()).materialVersion()
                  == before + 1);
    }
    assertEquals("old version", decrypt(b, old));
    assertTrue(
        b.listKeyRotations(r -> r.keyId(keyId)).rotations().stream()
            .allMatch(r -> r.rotationTypeAsString().equals("AUTOMATIC")));
  }
}
