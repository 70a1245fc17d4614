package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.assertDenied;
import static com.verenc.kms.node.api.KmsTestSupport.utf8;

import com.verenc.kms.node.testkit.CredentialsFile;
import com.verenc.kms.node.testkit.PrincipalsNode;
import com.verenc.kms.node.testkit.TestNode;
import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.kms.KmsClient;

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

  @AutoClose private PrincipalsNode node;
  private KmsClient root;
  private KmsClient analyst;
  private KmsClient clerk;

  @BeforeAll
  void startNode() throws IOException {
    node =
        PrincipalsNode.start(
            "kms-resource-aliases-",
            new CredentialsFile()
                .account(ACCOUNT, "test", "test")
                .principal(
                    "user",
                    "analyst",
                    "analyst",
                    "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:Encrypt\","
                        + "\"Resource\":\"*\","
                        + FINANCE_ONLY
                        + "}]}")
                .principal("user", "clerk", "clerk", null));
    root = node.client("test", "test");
    analyst = node.as("analyst");
    clerk = node.as("clerk");
  }

  private static String alias(String prefix) {
    return "alias/" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
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
