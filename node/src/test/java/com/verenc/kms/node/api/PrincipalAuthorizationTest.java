package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.assertDenied;
import static com.verenc.kms.node.api.KmsTestSupport.keyArn;
import static com.verenc.kms.node.api.KmsTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.verenc.kms.node.testkit.CredentialsFile;
import com.verenc.kms.node.testkit.PrincipalsNode;
import com.verenc.kms.node.testkit.TestNode;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Users and roles through the AWS SDK: identity policies, key policies naming a principal or its
 * account, conditions in either, and an explicit Deny anywhere winning.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrincipalAuthorizationTest {
  private static final String ACCOUNT = TestNode.DEV_ACCOUNT;

  @AutoClose private PrincipalsNode node;
  private KmsClient root;

  @BeforeAll
  void startNode() throws IOException {
    node = PrincipalsNode.start("kms-principals-", credentials());
    root = node.client("test", "test");
  }

  private static CredentialsFile credentials() {
    return new CredentialsFile()
        .account(ACCOUNT, "test", "test")
        .principal(
            "role",
            "encryptor",
            "encryptor",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"kms:Encrypt\",\"Resource\":\"*\"}]}")
        .principal(
            "role",
            "tenant-blue",
            "blue",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"kms:Encrypt\",\"kms:Decrypt\"],"
                + "\"Resource\":\"arn:aws:kms:*:"
                + ACCOUNT
                + ":key/*\",\"Condition\":{\"StringEquals\":"
                + "{\"kms:EncryptionContext:tenant\":\"blue\"}}}]}")
        .principal("user", "alice", "alice", null)
        .principal(
            "user",
            "no-decrypt",
            "no-decrypt",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}]}");
  }

  @Test
  void aRoleAllowedOnlyEncryptCannotDecryptOrDoAnythingElse() {
    String keyId = root.createKey(r -> r.description("default policy")).keyMetadata().keyId();
    KmsClient encryptor = node.as("encryptor");
    SdkBytes blob =
        encryptor.encrypt(r -> r.keyId(keyId).plaintext(utf8("secret"))).ciphertextBlob();

    KmsException decrypt = assertDenied(() -> encryptor.decrypt(r -> r.ciphertextBlob(blob)));
    assertEquals(
        "User: arn:aws:iam::"
            + ACCOUNT
            + ":role/encryptor is not authorized to perform: kms:Decrypt on resource: "
            + keyArn(keyId)
            + " because no identity-based policy allows the kms:Decrypt action",
        decrypt.awsErrorDetails().errorMessage());
    KmsException create = assertDenied(() -> encryptor.createKey(r -> r.description("x")));
    assertEquals(
        "User: arn:aws:iam::"
            + ACCOUNT
            + ":role/encryptor is not authorized to perform: kms:CreateKey on resource: * "
            + "because no identity-based policy allows the kms:CreateKey action",
        create.awsErrorDetails().errorMessage());
    assertDenied(() -> encryptor.listKeys());
    assertDenied(() -> encryptor.generateRandom(r -> r.numberOfBytes(8)));
    assertDenied(() -> encryptor.describeKey(r -> r.keyId(keyId)));
    // Repeated Encrypts take the same decision as the first (no cached root decision serves them).
    for (int i = 0; i < 3; i++) {
      assertDenied(() -> encryptor.decrypt(r -> r.ciphertextBlob(blob)));
    }
    assertArrayEquals(
        "secret".getBytes(), root.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asByteArray());
  }

  @Test
  void anIdentityPolicyConditionOnTheEncryptionContextLetsOneTenantThroughOnly() {
    String keyId = root.createKey(r -> r.description("tenants")).keyMetadata().keyId();
    KmsClient blue = node.as("blue");
    SdkBytes sealed =
        blue.encrypt(
                r ->
                    r.keyId(keyId)
                        .plaintext(utf8("blue data"))
                        .encryptionContext(Map.of("tenant", "blue")))
            .ciphertextBlob();
    assertArrayEquals(
        "blue data".getBytes(),
        blue.decrypt(r -> r.ciphertextBlob(sealed).encryptionContext(Map.of("tenant", "blue")))
            .plaintext()
            .asByteArray());
    assertDenied(
        () ->
            blue.encrypt(
                r ->
                    r.keyId(keyId)
                        .plaintext(utf8("red data"))
                        .encryptionContext(Map.of("tenant", "red"))));
    assertDenied(() -> blue.encrypt(r -> r.keyId(keyId).plaintext(utf8("no context"))));
  }

  @Test
  void aKeyPolicyConditionOnTheEncryptionContextLetsOneTenantThroughOnly() {
    String policy =
        "{\"Version\":\"2012-10-17\",\"Statement\":["
            + "{\"Sid\":\"Enable IAM User Permissions\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
            + "\"arn:aws:iam::"
            + ACCOUNT
            + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"},"
            + "{\"Sid\":\"Alice for tenant green\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
            + "\"arn:aws:iam::"
            + ACCOUNT
            + ":user/alice\"},\"Action\":[\"kms:Encrypt\",\"kms:Decrypt\"],\"Resource\":\"*\","
            + "\"Condition\":{\"StringEquals\":{\"kms:EncryptionContext:tenant\":\"green\"}}}]}";
    String keyId = root.createKey(r -> r.policy(policy)).keyMetadata().keyId();
    KmsClient alice = node.as("alice");
    SdkBytes sealed =
        alice
            .encrypt(
                r ->
                    r.keyId(keyId)
                        .plaintext(utf8("green"))
                        .encryptionContext(Map.of("tenant", "green")))
            .ciphertextBlob();
    assertArrayEquals(
        "green".getBytes(),
        alice
            .decrypt(r -> r.ciphertextBlob(sealed).encryptionContext(Map.of("tenant", "green")))
            .plaintext()
            .asByteArray());
    assertDenied(
        () ->
            alice.encrypt(
                r ->
                    r.keyId(keyId)
                        .plaintext(utf8("red"))
                        .encryptionContext(Map.of("tenant", "red"))));
    // On a key with the default policy alice has nothing: the account statement delegates to her
    // identity policies, and she has none.
    String other = root.createKey(r -> r.description("default")).keyMetadata().keyId();
    KmsException denied =
        assertDenied(
            () ->
                alice.encrypt(
                    r ->
                        r.keyId(other)
                            .plaintext(utf8("x"))
                            .encryptionContext(Map.of("tenant", "green"))));
    assertEquals(
        "User: arn:aws:iam::"
            + ACCOUNT
            + ":user/alice is not authorized to perform: kms:Encrypt on resource: "
            + keyArn(other)
            + " because no identity-based policy allows the kms:Encrypt action",
        denied.awsErrorDetails().errorMessage());
  }

  @Test
  void anExplicitDenyInAnIdentityPolicyWinsOverTheKeyPolicy() {
    String keyId = root.createKey(r -> r.description("deny")).keyMetadata().keyId();
    KmsClient user = node.as("no-decrypt");
    SdkBytes blob = user.encrypt(r -> r.keyId(keyId).plaintext(utf8("x"))).ciphertextBlob();
    KmsException denied = assertDenied(() -> user.decrypt(r -> r.ciphertextBlob(blob)));
    assertEquals(
        "User: arn:aws:iam::"
            + ACCOUNT
            + ":user/no-decrypt is not authorized to perform: kms:Decrypt on resource: "
            + keyArn(keyId)
            + " with an explicit deny in an identity-based policy",
        denied.awsErrorDetails().errorMessage());
    // Everything else its policy allows, without a key too.
    user.describeKey(r -> r.keyId(keyId));
    user.generateRandom(r -> r.numberOfBytes(16));
  }

  @Test
  void aConditionalDenyInTheKeyPolicyBindsTheRootEveryTime() {
    String policy =
        "{\"Statement\":["
            + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
            + ACCOUNT
            + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"},"
            + "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"kms:Encrypt\",\"Resource\":\"*\","
            + "\"Condition\":{\"StringEquals\":{\"kms:EncryptionContext:tier\":\"restricted\"}}}]}";
    String keyId = root.createKey(r -> r.policy(policy)).keyMetadata().keyId();
    for (int i = 0; i < 3; i++) {
      root.encrypt(r -> r.keyId(keyId).plaintext(utf8("open")));
      assertDenied(
          () ->
              root.encrypt(
                  r ->
                      r.keyId(keyId)
                          .plaintext(utf8("closed"))
                          .encryptionContext(Map.of("tier", "restricted"))));
    }
  }

  @Test
  void conditionsSeeTheConnectionTheRequestCameOn() {
    String denyOffLoopback =
        keyPolicyWithDeny("{\"NotIpAddress\":{\"aws:SourceIp\":[\"127.0.0.0/8\",\"::1/128\"]}}");
    String denyFromThisHost =
        keyPolicyWithDeny("{\"IpAddress\":{\"aws:SourceIp\":\"127.0.0.1/32\"}}");
    String denyPlaintext = keyPolicyWithDeny("{\"Bool\":{\"aws:SecureTransport\":\"false\"}}");
    String open = root.createKey(r -> r.policy(denyOffLoopback)).keyMetadata().keyId();
    String closed = root.createKey(r -> r.policy(denyFromThisHost)).keyMetadata().keyId();
    String tlsOnly = root.createKey(r -> r.policy(denyPlaintext)).keyMetadata().keyId();
    root.encrypt(r -> r.keyId(open).plaintext(utf8("from loopback")));
    assertDenied(() -> root.encrypt(r -> r.keyId(closed).plaintext(utf8("from 127.0.0.1"))));
    // This node serves plain HTTP, so the request is not on a secure transport.
    assertDenied(() -> root.encrypt(r -> r.keyId(tlsOnly).plaintext(utf8("in the clear"))));
  }

  @Test
  void aliasOperationsNeedTheIdentityPolicyToAllowTheAliasItself() {
    String keyId = root.createKey(r -> r.description("aliased")).keyMetadata().keyId();
    String alias = KmsTestSupport.uniqueAlias("principals");
    KmsException denied =
        assertDenied(
            () -> node.as("encryptor").createAlias(r -> r.aliasName(alias).targetKeyId(keyId)));
    assertEquals(
        "User: arn:aws:iam::"
            + ACCOUNT
            + ":role/encryptor is not authorized to perform: kms:CreateAlias on resource: "
            + KmsTestSupport.aliasArn(alias)
            + " because no identity-based policy allows the kms:CreateAlias action",
        denied.awsErrorDetails().errorMessage());
    KmsClient user = node.as("no-decrypt");
    user.createAlias(r -> r.aliasName(alias).targetKeyId(keyId));
    assertDenied(() -> node.as("encryptor").deleteAlias(r -> r.aliasName(alias)));
    user.deleteAlias(r -> r.aliasName(alias));
  }

  /** Everything for the account, but Encrypt denied when {@code condition} holds. */
  private static String keyPolicyWithDeny(String condition) {
    return "{\"Statement\":["
        + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
        + ACCOUNT
        + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"},"
        + "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"kms:Encrypt\",\"Resource\":\"*\","
        + "\"Condition\":"
        + condition
        + "}]}";
  }
}
