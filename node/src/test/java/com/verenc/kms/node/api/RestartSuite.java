package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.assertKmsError;
import static com.verenc.kms.node.api.KmsTestSupport.keyArn;
import static com.verenc.kms.node.api.KmsTestSupport.listAllAliases;
import static com.verenc.kms.node.api.KmsTestSupport.listAllKeyIds;
import static com.verenc.kms.node.api.KmsTestSupport.tag;
import static com.verenc.kms.node.api.KmsTestSupport.uniqueAlias;
import static com.verenc.kms.node.api.KmsTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.MultiRegionKeyType;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * What a node knows survives its restart: keys in every state, aliases, tags, descriptions,
 * policies, and every ciphertext made before still decrypts. The data is made once, the node
 * restarted once, then each test checks one part of it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RestartSuite {
  private static final Map<String, String> CONTEXT = Map.of("tenant", "acme", "table", "invoices");

  private TestNode node;
  private KmsClient kms;
  private Path dir;

  private String enabledKey;
  private String disabledKey;
  private String pendingKey;
  private String pendingKeyToCancel;
  private String richKey;
  private String multiRegionKey;
  private String richPolicy;
  private Instant pendingDeletionDate;

  private String aliasOfEnabled;
  private String aliasOfRich;
  private String repointedAlias;
  private String deletedAlias;

  private SdkBytes blobWithoutContext;
  private SdkBytes blobWithContext;
  private SdkBytes blobOfMultiRegionKey;
  private SdkBytes blobOfDisabledKey;
  private SdkBytes blobOfPendingKeyToCancel;
  private GenerateDataKeyResponse dataKey;

  private final Map<String, KeyMetadata> before = new HashMap<>();

  protected abstract TestDatabase database(Path dir);

  @BeforeAll
  void createDataAndRestart() throws IOException {
    dir = Files.createTempDirectory("kms-restart-");
    node = TestNode.start(database(dir));
    kms = node.client();

    enabledKey = kms.createKey(b -> b.description("plain")).keyMetadata().keyId();
    blobWithoutContext =
        kms.encrypt(b -> b.keyId(enabledKey).plaintext(utf8("no context"))).ciphertextBlob();
    blobWithContext =
        kms.encrypt(
                b -> b.keyId(enabledKey).plaintext(utf8("with context")).encryptionContext(CONTEXT))
            .ciphertextBlob();
    dataKey = kms.generateDataKey(b -> b.keyId(enabledKey).keySpec(DataKeySpec.AES_256));

    disabledKey = kms.createKey(b -> b.description("disabled")).keyMetadata().keyId();
    blobOfDisabledKey =
        kms.encrypt(b -> b.keyId(disabledKey).plaintext(utf8("disabled"))).ciphertextBlob();
    kms.disableKey(b -> b.keyId(disabledKey));

    pendingKey = kms.createKey(b -> b.description("pending")).keyMetadata().keyId();
    pendingDeletionDate =
        kms.scheduleKeyDeletion(b -> b.keyId(pendingKey).pendingWindowInDays(10)).deletionDate();

    pendingKeyToCancel =
        kms.createKey(b -> b.description("pending, to cancel")).keyMetadata().keyId();
    blobOfPendingKeyToCancel =
        kms.encrypt(b -> b.keyId(pendingKeyToCancel).plaintext(utf8("saved"))).ciphertextBlob();
    kms.scheduleKeyDeletion(b -> b.keyId(pendingKeyToCancel).pendingWindowInDays(7));

    richPolicy = KmsApiSuite.customPolicy("restart");
    richKey =
        kms.createKey(
                b ->
                    b.description("first description")
                        .tags(tag("team", "payments"), tag("env", "test"))
                        .policy(richPolicy))
            .keyMetadata()
            .keyId();
    kms.updateKeyDescription(b -> b.keyId(richKey).description("rich key"));
    kms.tagResource(b -> b.keyId(richKey).tags(tag("env", "prod"), tag("cost-centre", "42")));
    kms.untagResource(b -> b.keyId(richKey).tagKeys("team"));

    multiRegionKey =
        kms.createKey(b -> b.multiRegion(true).description("multi-zone")).keyMetadata().keyId();
    blobOfMultiRegionKey =
        kms.encrypt(b -> b.keyId(multiRegionKey).plaintext(utf8("mrk"))).ciphertextBlob();

    aliasOfEnabled = alias(enabledKey);
    aliasOfRich = alias(richKey);
    repointedAlias = alias(enabledKey);
    kms.updateAlias(b -> b.aliasName(repointedAlias).targetKeyId(multiRegionKey));
    deletedAlias = alias(enabledKey);
    kms.deleteAlias(b -> b.aliasName(deletedAlias));

    for (String keyId : allKeys()) {
      before.put(keyId, kms.describeKey(b -> b.keyId(keyId)).keyMetadata());
    }

    node.restart();
    kms.close();
    kms = node.client(); // the restarted node listens on a new port
  }

  @AfterAll
  void stopNode() {
    KmsTestSupport.stopAll(kms, node, dir);
  }

  private String alias(String keyId) {
    String alias = uniqueAlias("restart");
    kms.createAlias(b -> b.aliasName(alias).targetKeyId(keyId));
    return alias;
  }

  private List<String> allKeys() {
    return List.of(
        enabledKey, disabledKey, pendingKey, pendingKeyToCancel, richKey, multiRegionKey);
  }

  private KeyMetadata describe(String keyRef) {
    return kms.describeKey(b -> b.keyId(keyRef)).keyMetadata();
  }

  private String decrypt(SdkBytes blob) {
    return kms.decrypt(b -> b.ciphertextBlob(blob)).plaintext().asUtf8String();
  }

  @Test
  void everyKeyIsListedOnceAfterRestart() {
    List<String> listed = listAllKeyIds(kms, 2);
    for (String keyId : allKeys()) {
      assertEquals(1, Collections.frequency(listed, keyId), keyId);
    }
  }

  @Test
  void everyKeyDescribesAsBeforeTheRestart() {
    for (String keyId : allKeys()) {
      if (!keyId.equals(pendingKeyToCancel)) { // its own test changes it; checked there
        assertEquals(before.get(keyId), describe(keyId), "metadata of " + keyId);
      }
    }
  }

  @Test
  void enabledKeyIsStillEnabled() {
    assertEquals(KeyState.ENABLED, describe(enabledKey).keyState());
  }

  @Test
  void disabledKeyIsStillDisabled() {
    KeyMetadata m = describe(disabledKey);
    assertEquals(KeyState.DISABLED, m.keyState());
    assertFalse(m.enabled());
    assertKmsError(DisabledException.class, "DisabledException", () -> decrypt(blobOfDisabledKey));
    assertKmsError(
        DisabledException.class,
        "DisabledException",
        () -> kms.encrypt(b -> b.keyId(disabledKey).plaintext(utf8("x"))));
  }

  @Test
  void pendingDeletionKeepsItsStateAndDate() {
    KeyMetadata m = describe(pendingKey);
    assertEquals(KeyState.PENDING_DELETION, m.keyState());
    assertEquals(pendingDeletionDate, m.deletionDate());
    assertEquals(10, m.pendingDeletionWindowInDays());
    assertKmsError(
        KmsInvalidStateException.class,
        "KMSInvalidStateException",
        () -> kms.encrypt(b -> b.keyId(pendingKey).plaintext(utf8("x"))));
  }

  @Test
  void deletionScheduledBeforeTheRestartCanBeCancelledAfterIt() {
    assertEquals(before.get(pendingKeyToCancel), describe(pendingKeyToCancel));
    kms.cancelKeyDeletion(b -> b.keyId(pendingKeyToCancel));
    assertEquals(KeyState.DISABLED, describe(pendingKeyToCancel).keyState());
    kms.enableKey(b -> b.keyId(pendingKeyToCancel));
    assertEquals("saved", decrypt(blobOfPendingKeyToCancel));
  }

  @Test
  void descriptionSurvives() {
    assertEquals("rich key", describe(richKey).description());
    assertEquals("plain", describe(enabledKey).description());
  }

  @Test
  void tagsSurvive() {
    List<Tag> tags = kms.listResourceTags(b -> b.keyId(richKey)).tags();
    assertEquals(List.of(tag("cost-centre", "42"), tag("env", "prod")), tags);
  }

  @Test
  void customPolicySurvives() {
    assertEquals(
        richPolicy, kms.getKeyPolicy(b -> b.keyId(richKey).policyName("default")).policy());
  }

  @Test
  void multiRegionKeySurvives() {
    KeyMetadata m = describe(multiRegionKey);
    assertTrue(m.keyId().startsWith("mrk-"));
    assertEquals(Boolean.TRUE, m.multiRegion());
    assertEquals(MultiRegionKeyType.PRIMARY, m.multiRegionConfiguration().multiRegionKeyType());
    assertEquals(KmsTestSupport.ZONE, m.multiRegionConfiguration().primaryKey().region());
    assertEquals("mrk", decrypt(blobOfMultiRegionKey));
  }

  @Test
  void aliasesSurviveWithTheirTargets() {
    Map<String, String> targets =
        listAllAliases(kms, null, 100).stream()
            .collect(Collectors.toMap(AliasListEntry::aliasName, AliasListEntry::targetKeyId));
    assertEquals(enabledKey, targets.get(aliasOfEnabled));
    assertEquals(richKey, targets.get(aliasOfRich));
    assertEquals(multiRegionKey, targets.get(repointedAlias), "UpdateAlias survives");
    assertFalse(targets.containsKey(deletedAlias), "DeleteAlias survives");
    assertEquals(enabledKey, describe(aliasOfEnabled).keyId());
    assertEquals(multiRegionKey, describe(repointedAlias).keyId());
  }

  @Test
  void ciphertextWithoutContextDecrypts() {
    assertEquals("no context", decrypt(blobWithoutContext));
  }

  @Test
  void ciphertextWithContextDecryptsWithItsContextOnly() {
    assertEquals(
        "with context",
        kms.decrypt(b -> b.ciphertextBlob(blobWithContext).encryptionContext(CONTEXT))
            .plaintext()
            .asUtf8String());
    assertKmsError(
        software.amazon.awssdk.services.kms.model.InvalidCiphertextException.class,
        "InvalidCiphertextException",
        () -> decrypt(blobWithContext));
  }

  @Test
  void dataKeyBlobDecryptsToTheSameDataKey() {
    assertArrayEquals(
        dataKey.plaintext().asByteArray(),
        kms.decrypt(b -> b.ciphertextBlob(dataKey.ciphertextBlob())).plaintext().asByteArray());
  }

  @Test
  void oldKeysWorkForNewOperations() {
    SdkBytes blob =
        kms.encrypt(b -> b.keyId(aliasOfEnabled).plaintext(utf8("after restart"))).ciphertextBlob();
    assertEquals("after restart", decrypt(blob));
    var re =
        kms.reEncrypt(b -> b.ciphertextBlob(blobWithoutContext).destinationKeyId(multiRegionKey));
    assertEquals(keyArn(multiRegionKey), re.keyId());
    assertEquals("no context", decrypt(re.ciphertextBlob()));
    kms.tagResource(b -> b.keyId(enabledKey).tags(tag("after", "restart")));
    assertEquals(
        List.of(tag("after", "restart")), kms.listResourceTags(b -> b.keyId(enabledKey)).tags());
  }

  @Test
  void newKeysAndAliasesCanBeMadeAfterRestart() {
    String keyId = kms.createKey(b -> b.description("new")).keyMetadata().keyId();
    String alias = alias(keyId);
    assertEquals(
        "fresh",
        decrypt(kms.encrypt(b -> b.keyId(alias).plaintext(utf8("fresh"))).ciphertextBlob()));
    List<String> listed = listAllKeyIds(kms, 1000);
    assertTrue(listed.contains(keyId));
    assertTrue(listed.containsAll(allKeys()));
    assertKmsError(
        software.amazon.awssdk.services.kms.model.AlreadyExistsException.class,
        "AlreadyExistsException",
        () -> kms.createAlias(b -> b.aliasName(aliasOfEnabled).targetKeyId(keyId)));
  }
}
