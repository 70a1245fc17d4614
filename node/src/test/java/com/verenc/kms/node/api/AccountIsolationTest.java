package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.assertNotFound;
import static com.verenc.kms.node.api.KmsTestSupport.keyArn;
import static com.verenc.kms.node.api.KmsTestSupport.listAllAliases;
import static com.verenc.kms.node.api.KmsTestSupport.listAllKeyIds;
import static com.verenc.kms.node.api.KmsTestSupport.tag;
import static com.verenc.kms.node.api.KmsTestSupport.uniqueAlias;
import static com.verenc.kms.node.api.KmsTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.testkit.CredentialsFile;
import com.verenc.kms.node.testkit.PrincipalsNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;

/** Two accounts on one node: neither can see or use the other's keys and aliases. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountIsolationTest {
  private static final String ACCOUNT_A = "111122223333";
  private static final String ACCOUNT_B = "444455556666";

  @AutoClose private PrincipalsNode node;
  private KmsClient a;
  private KmsClient b;

  @BeforeAll
  void startNode() throws IOException {
    node =
        PrincipalsNode.start(
            "kms-accounts-",
            new CredentialsFile()
                .account(ACCOUNT_A, "test", "test")
                .account(ACCOUNT_B, "other", "other"));
    a = node.client("test", "test");
    b = node.client("other", "other");
  }

  private String keyOfA() {
    return a.createKey(r -> r.description("A's key")).keyMetadata().keyId();
  }

  private String aliasOfA(String keyId) {
    String alias = uniqueAlias("account-a");
    a.createAlias(r -> r.aliasName(alias).targetKeyId(keyId));
    return alias;
  }

  @Test
  void eachAccountsKeysAreInItsOwnAccount() {
    KeyMetadata mA = a.createKey(r -> {}).keyMetadata();
    KeyMetadata mB = b.createKey(r -> {}).keyMetadata();
    assertEquals(ACCOUNT_A, mA.awsAccountId());
    assertEquals(keyArn(ACCOUNT_A, mA.keyId()), mA.arn());
    assertEquals(ACCOUNT_B, mB.awsAccountId());
    assertEquals(keyArn(ACCOUNT_B, mB.keyId()), mB.arn());
  }

  @Test
  void otherAccountCannotDescribeTheKey() {
    String keyId = keyOfA();
    assertNotFound(() -> b.describeKey(r -> r.keyId(keyId)));
  }

  @Test
  void otherAccountCannotUseTheKeyArn() {
    String keyId = keyOfA();
    String arn = keyArn(ACCOUNT_A, keyId);
    assertNotFound(() -> b.describeKey(r -> r.keyId(arn)));
    assertNotFound(() -> b.encrypt(r -> r.keyId(arn).plaintext(utf8("x"))));
    assertNotFound(
        () -> b.describeKey(r -> r.keyId("arn:aws:kms:ch-gva-2:" + ACCOUNT_A + ":key/" + keyId)));
  }

  @Test
  void otherAccountCannotSignMacImportOrReadTheLastUseOfAKeyByItsArn() {
    String mac =
        a.createKey(r -> r.keySpec("HMAC_256").keyUsage("GENERATE_VERIFY_MAC"))
            .keyMetadata()
            .keyId();
    String signing =
        a.createKey(r -> r.keySpec("ECC_NIST_P256").keyUsage("SIGN_VERIFY")).keyMetadata().keyId();
    String external = a.createKey(r -> r.origin("EXTERNAL")).keyMetadata().keyId();
    assertNotFound(
        () ->
            b.generateMac(
                r ->
                    r.keyId(keyArn(ACCOUNT_A, mac))
                        .macAlgorithm("HMAC_SHA_256")
                        .message(utf8("m"))));
    assertNotFound(
        () ->
            b.sign(
                r ->
                    r.keyId(keyArn(ACCOUNT_A, signing))
                        .signingAlgorithm("ECDSA_SHA_256")
                        .message(utf8("m"))));
    assertNotFound(
        () ->
            b.getParametersForImport(
                r ->
                    r.keyId(keyArn(ACCOUNT_A, external))
                        .wrappingAlgorithm("RSAES_OAEP_SHA_256")
                        .wrappingKeySpec("RSA_2048")));
    assertNotFound(
        () ->
            b.importKeyMaterial(
                r ->
                    r.keyId(keyArn(ACCOUNT_A, external))
                        .importToken(utf8("token"))
                        .encryptedKeyMaterial(utf8("material"))
                        .expirationModel("KEY_MATERIAL_DOES_NOT_EXPIRE")));
    assertNotFound(() -> b.getKeyLastUsage(r -> r.keyId(keyArn(ACCOUNT_A, mac))));
  }

  @Test
  void otherAccountCannotEncryptOrMakeDataKeys() {
    String keyId = keyOfA();
    assertNotFound(() -> b.encrypt(r -> r.keyId(keyId).plaintext(utf8("x"))));
    assertNotFound(() -> b.generateDataKey(r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256)));
  }

  @Test
  void otherAccountCannotDecryptTheCiphertext() {
    String keyId = keyOfA();
    SdkBytes blob = a.encrypt(r -> r.keyId(keyId).plaintext(utf8("A's secret"))).ciphertextBlob();
    assertNotFound(() -> b.decrypt(r -> r.ciphertextBlob(blob)));
    assertNotFound(() -> b.decrypt(r -> r.ciphertextBlob(blob).keyId(keyId)));
    String keyOfB = b.createKey(r -> {}).keyMetadata().keyId();
    assertNotFound(() -> b.reEncrypt(r -> r.ciphertextBlob(blob).destinationKeyId(keyOfB)));
    assertEquals("A's secret", a.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String());
  }

  @Test
  void otherAccountCannotTagOrReadTags() {
    String keyId = keyOfA();
    a.tagResource(r -> r.keyId(keyId).tags(tag("owner", "a")));
    assertNotFound(() -> b.tagResource(r -> r.keyId(keyId).tags(tag("owner", "b"))));
    assertNotFound(() -> b.untagResource(r -> r.keyId(keyId).tagKeys("owner")));
    assertNotFound(() -> b.listResourceTags(r -> r.keyId(keyId)));
    assertEquals(List.of(tag("owner", "a")), a.listResourceTags(r -> r.keyId(keyId)).tags());
  }

  @Test
  void otherAccountCannotChangeTheKey() {
    String keyId = keyOfA();
    assertNotFound(() -> b.disableKey(r -> r.keyId(keyId)));
    assertNotFound(() -> b.scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7)));
    assertNotFound(() -> b.updateKeyDescription(r -> r.keyId(keyId).description("mine now")));
    assertNotFound(() -> b.getKeyPolicy(r -> r.keyId(keyId).policyName("default")));
    String policyOfB = KmsApiSuite.customPolicy("b").replace(ACCOUNT_A, ACCOUNT_B);
    assertNotFound(
        () -> b.putKeyPolicy(r -> r.keyId(keyId).policyName("default").policy(policyOfB)));
    KeyMetadata m = a.describeKey(r -> r.keyId(keyId)).keyMetadata();
    assertEquals(KeyState.ENABLED, m.keyState());
    assertEquals("A's key", m.description());
  }

  @Test
  void otherAccountDoesNotSeeTheKeyInListKeys() {
    String keyId = keyOfA();
    assertFalse(listAllKeyIds(b, 1000).contains(keyId));
    assertTrue(listAllKeyIds(a, 1000).contains(keyId));
  }

  @Test
  void otherAccountCannotResolveTheAlias() {
    String keyId = keyOfA();
    String alias = aliasOfA(keyId);
    assertNotFound(() -> b.describeKey(r -> r.keyId(alias)));
    assertNotFound(() -> b.encrypt(r -> r.keyId(alias).plaintext(utf8("x"))));
    assertNotFound(() -> b.describeKey(r -> r.keyId("arn:verenc:" + ACCOUNT_A + ":" + alias)));
    assertNotFound(() -> b.deleteAlias(r -> r.aliasName(alias)));
    assertFalse(
        listAllAliases(b, null, 100).stream()
            .map(AliasListEntry::aliasName)
            .anyMatch(alias::equals));
    assertEquals(keyId, a.describeKey(r -> r.keyId(alias)).keyMetadata().keyId());
  }

  @Test
  void sameAliasNameMayExistInBothAccounts() {
    String keyOfA = keyOfA();
    String alias = aliasOfA(keyOfA);
    String keyOfB = b.createKey(r -> {}).keyMetadata().keyId();
    b.createAlias(r -> r.aliasName(alias).targetKeyId(keyOfB));
    assertEquals(keyOfA, a.describeKey(r -> r.keyId(alias)).keyMetadata().keyId());
    assertEquals(keyOfB, b.describeKey(r -> r.keyId(alias)).keyMetadata().keyId());
  }

  @Test
  void otherAccountCannotPointAnAliasAtTheKey() {
    String keyId = keyOfA();
    assertNotFound(() -> b.createAlias(r -> r.aliasName(uniqueAlias("steal")).targetKeyId(keyId)));
    a.createAlias(r -> r.aliasName(uniqueAlias("mine")).targetKeyId(keyId));
    // Filtering B's aliases by A's key shows nothing (AWS may also answer NotFoundException).
    try {
      assertTrue(b.listAliases(r -> r.keyId(keyId)).aliases().isEmpty());
    } catch (software.amazon.awssdk.services.kms.model.NotFoundException expected) {
      // fine: the key does not exist for B
    }
  }
}
