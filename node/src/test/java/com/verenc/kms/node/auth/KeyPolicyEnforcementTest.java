package com.verenc.kms.node.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/** Key policies decide every operation on a key, through the real API; an explicit Deny wins. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyPolicyEnforcementTest {
  static final String ROOT = "{\"AWS\":\"arn:aws:iam::111122223333:root\"}";

  TestNode node;
  KmsClient kms;

  @BeforeAll
  void start(@TempDir Path dir) {
    node = TestNode.start(TestDatabase.h2(dir));
    kms = node.client();
  }

  @AfterAll
  void stop() {
    kms.close();
    node.close();
  }

  static String policy(String... statements) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
  }

  static String allow(String action) {
    return "{\"Effect\":\"Allow\",\"Principal\":"
        + ROOT
        + ",\"Action\":\""
        + action
        + "\",\"Resource\":\"*\"}";
  }

  static String deny(String action) {
    return "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\""
        + action
        + "\",\"Resource\":\"*\"}";
  }

  private static void assertDenied(Runnable call) {
    KmsException e = assertThrows(KmsException.class, call::run);
    assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode());
    assertEquals(400, e.statusCode());
  }

  @Test
  void policyDenyingEncryptStillAllowsDecrypt() {
    String keyId = kms.createKey(b -> b.description("deny encrypt")).keyMetadata().keyId();
    SdkBytes blob =
        kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("before")))
            .ciphertextBlob();
    kms.putKeyPolicy(b -> b.keyId(keyId).policy(policy(allow("kms:*"), deny("kms:Encrypt"))));

    assertDenied(
        () -> kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("after"))));
    assertEquals("before", kms.decrypt(b -> b.ciphertextBlob(blob)).plaintext().asUtf8String());
    kms.generateDataKey(b -> b.keyId(keyId).keySpec("AES_256"));
  }

  @Test
  void actionNoStatementAllowsIsDenied() {
    String keyId =
        kms.createKey(
                b ->
                    b.policy(
                        policy(
                            allow("kms:Describe*"),
                            allow("kms:PutKeyPolicy"),
                            allow("kms:Encrypt"))))
            .keyMetadata()
            .keyId();
    kms.describeKey(b -> b.keyId(keyId));
    SdkBytes blob =
        kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))).ciphertextBlob();
    assertDenied(() -> kms.decrypt(b -> b.ciphertextBlob(blob)));
    assertDenied(() -> kms.disableKey(b -> b.keyId(keyId)));
    assertDenied(() -> kms.scheduleKeyDeletion(b -> b.keyId(keyId)));
    assertDenied(() -> kms.tagResource(b -> b.keyId(keyId).tags(t -> t.tagKey("k").tagValue("v"))));
    assertDenied(() -> kms.getKeyPolicy(b -> b.keyId(keyId)));
    assertDenied(() -> kms.listKeyPolicies(b -> b.keyId(keyId)));
    assertDenied(
        () ->
            kms.createAlias(
                b -> b.aliasName("alias/denied-" + UUID.randomUUID()).targetKeyId(keyId)));
  }

  @Test
  void explicitDenyWinsOverWildcardAllowIncludingDryRunAndReEncrypt() {
    String source = kms.createKey(b -> b.description("source")).keyMetadata().keyId();
    String target =
        kms.createKey(b -> b.policy(policy(allow("kms:*"), deny("kms:ReEncrypt*"))))
            .keyMetadata()
            .keyId();
    SdkBytes blob =
        kms.encrypt(b -> b.keyId(source).plaintext(SdkBytes.fromUtf8String("x"))).ciphertextBlob();
    assertDenied(() -> kms.reEncrypt(b -> b.ciphertextBlob(blob).destinationKeyId(target)));
    kms.encrypt(
        b -> b.keyId(target).plaintext(SdkBytes.fromUtf8String("plain Encrypt is not ReEncrypt")));
  }

  @Test
  void dryRunChecksThePolicy() {
    String keyId =
        kms.createKey(b -> b.policy(policy(allow("kms:*"), deny("kms:GenerateDataKey"))))
            .keyMetadata()
            .keyId();
    assertDenied(() -> kms.generateDataKey(b -> b.keyId(keyId).keySpec("AES_256").dryRun(true)));
    KmsException e =
        assertThrows(
            KmsException.class,
            () ->
                kms.encrypt(
                    b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x")).dryRun(true)));
    assertEquals("DryRunOperationException", e.awsErrorDetails().errorCode());
  }

  @Test
  void policyThatWouldLockTheAccountOutIsRefusedUnlessBypassed() {
    String keyId = kms.createKey(b -> b.description("lockout")).keyMetadata().keyId();
    String lockout = policy(allow("kms:Encrypt"), allow("kms:DescribeKey"));
    KmsException e =
        assertThrows(
            KmsException.class, () -> kms.putKeyPolicy(b -> b.keyId(keyId).policy(lockout)));
    assertEquals("MalformedPolicyDocumentException", e.awsErrorDetails().errorCode());

    kms.putKeyPolicy(b -> b.keyId(keyId).policy(lockout).bypassPolicyLockoutSafetyCheck(true));
    assertDenied(() -> kms.putKeyPolicy(b -> b.keyId(keyId).policy(policy(allow("kms:*")))));
    kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("still works")));

    KmsException malformed =
        assertThrows(
            KmsException.class,
            () ->
                kms.createKey(b -> b.policy("not a policy").bypassPolicyLockoutSafetyCheck(true)));
    assertEquals("MalformedPolicyDocumentException", malformed.awsErrorDetails().errorCode());
    KmsException create =
        assertThrows(KmsException.class, () -> kms.createKey(b -> b.policy(lockout)));
    assertEquals("MalformedPolicyDocumentException", create.awsErrorDetails().errorCode());
    kms.createKey(b -> b.policy(lockout).bypassPolicyLockoutSafetyCheck(true));
  }

  @Test
  void createKeyLockoutCheckAcceptsAPolicyNamingKeysByAwsArn() {
    String awsArns = "arn:aws:kms:" + TestNode.ZONE + ":111122223333:key/*";
    kms.createKey(
        b ->
            b.policy(
                policy(
                    "{\"Effect\":\"Allow\",\"Principal\":"
                        + ROOT
                        + ",\"Action\":\"kms:*\",\"Resource\":\""
                        + awsArns
                        + "\"}")));
  }

  @Test
  void policyNamingTheKeyByAwsArnApplies() {
    String keyId = kms.createKey(b -> b.description("aws arn")).keyMetadata().keyId();
    String awsArn = "arn:aws:kms:" + TestNode.ZONE + ":111122223333:key/" + keyId;
    kms.putKeyPolicy(
        b ->
            b.keyId(keyId)
                .policy(
                    policy(
                        allow("kms:*"),
                        "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"kms:Encrypt\",\"Resource\":\""
                            + awsArn
                            + "\"}")));
    assertDenied(() -> kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))));
  }
}
