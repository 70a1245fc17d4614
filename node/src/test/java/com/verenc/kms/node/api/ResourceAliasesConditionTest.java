package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.assertKmsError;
import static com.verenc.kms.node.api.KmsTestSupport.utf8;

import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestFiles;
import com.verenc.kms.node.testkit.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * kms:ResourceAliases in identity and key policies: a principal allowed Encrypt only on keys with
 * an alias matching alias/finance-* may encrypt once the key has such an alias, and no longer once
 * it is deleted; a key whose aliases do not match stays refused; ForAllValues and a Deny read the
 * same aliases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResourceAliasesConditionTest {
  private static final String ACCOUNT = TestNode.DEV_ACCOUNT;
  private static final String FINANCE_ONLY =
      "\"Condition\":{\"ForAnyValue:StringLike\":{\"kms:ResourceAliases\":\"alias/finance-*\"}}";

  private TestNode node;
  private Path dir;
  private final List<KmsClient> clients = new ArrayList<>();
  private KmsClient root;
  private KmsClient analyst;
  private KmsClient clerk;

  @BeforeAll
  void startNode() throws IOException {
    dir = Files.createTempDirectory("kms-resource-aliases-");
    Path credentials = dir.resolve("credentials.json");
    Files.writeString(
        credentials,
        "{\"accounts\":[{\"accountId\":\""
            + ACCOUNT
            + "\",\"accessKeys\":[{\"accessKeyId\":\"test\",\"secretAccessKey\":\"test\"}],"
            + "\"principals\":["
            + PrincipalAuthorizationTest.principal(
                "user",
                "analyst",
                "analyst",
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:Encrypt\","
                    + "\"Resource\":\"*\","
                    + FINANCE_ONLY
                    + "}]}")
            + ","
            + PrincipalAuthorizationTest.principal("user", "clerk", "clerk", null)
            + "]}]}");
    node =
        TestNode.start(
            TestDatabase.h2(dir.resolve("data")),
            Map.of("kms.credentials-file", credentials.toString()));
    root = client("test", "test");
    analyst = client("analyst", "secret-analyst");
    clerk = client("clerk", "secret-clerk");
  }

  private KmsClient client(String accessKey, String secret) {
    KmsClient client = node.client(accessKey, secret);
    clients.add(client);
    return client;
  }

  @AfterAll
  void stopNode() {
    clients.forEach(KmsClient::close);
    if (node != null) {
      node.close();
    }
    TestFiles.deleteRecursively(dir);
  }

  private static String alias(String prefix) {
    return "alias/" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static void assertDenied(org.junit.jupiter.api.function.Executable call) {
    assertKmsError(KmsException.class, "AccessDeniedException", call);
  }

  private void encrypt(KmsClient client, String keyId) {
    client.encrypt(r -> r.keyId(keyId).plaintext(utf8("ledger")));
  }

  @Test
  void anIdentityPolicyAllowsEncryptOnlyWhileTheKeyHasAFinanceAlias() {
    String keyId = root.createKey(r -> r.description("finance")).keyMetadata().keyId();
    assertDenied(() -> encrypt(analyst, keyId));

    String finance = alias("finance");
    root.createAlias(r -> r.aliasName(finance).targetKeyId(keyId));
    encrypt(analyst, keyId);
    analyst.encrypt(r -> r.keyId(finance).plaintext(utf8("by its alias")));

    root.deleteAlias(r -> r.aliasName(finance));
    assertDenied(() -> encrypt(analyst, keyId));

    String other = root.createKey(r -> r.description("not finance")).keyMetadata().keyId();
    root.createAlias(r -> r.aliasName(alias("marketing")).targetKeyId(other));
    assertDenied(() -> encrypt(analyst, other));
  }

  @Test
  void aKeyPolicyStatementReadsTheAliasesAndUpdateAliasMovesThem() {
    String keyId = root.createKey(r -> r.description("clerk's")).keyMetadata().keyId();
    String spare = root.createKey(r -> r.description("spare")).keyMetadata().keyId();
    root.putKeyPolicy(
        r ->
            r.keyId(keyId)
                .policyName("default")
                .policy(
                    "{\"Version\":\"2012-10-17\",\"Statement\":["
                        + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                        + ACCOUNT
                        + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"},"
                        + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                        + ACCOUNT
                        + ":user/clerk\"},\"Action\":\"kms:Encrypt\",\"Resource\":\"*\","
                        + FINANCE_ONLY
                        + "},"
                        + "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"kms:Encrypt\","
                        + "\"Resource\":\"*\",\"Condition\":{\"ForAnyValue:StringLike\":"
                        + "{\"kms:ResourceAliases\":\"alias/quarantine-*\"}}}]}"));
    assertDenied(() -> encrypt(clerk, keyId));

    String finance = alias("finance");
    root.createAlias(r -> r.aliasName(finance).targetKeyId(keyId));
    encrypt(clerk, keyId);

    String quarantine = alias("quarantine");
    root.createAlias(r -> r.aliasName(quarantine).targetKeyId(keyId));
    assertDenied(() -> encrypt(clerk, keyId));
    assertDenied(() -> encrypt(root, keyId));

    root.updateAlias(r -> r.aliasName(quarantine).targetKeyId(spare));
    encrypt(clerk, keyId);
    root.updateAlias(r -> r.aliasName(finance).targetKeyId(spare));
    assertDenied(() -> encrypt(clerk, keyId));
  }
}
