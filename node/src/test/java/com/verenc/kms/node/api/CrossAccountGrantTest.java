package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.assertKmsError;
import static com.verenc.kms.node.api.KmsTestSupport.assertNotFound;
import static com.verenc.kms.node.api.KmsTestSupport.keyArn;
import static com.verenc.kms.node.api.KmsTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import software.amazon.awssdk.services.kms.model.CreateGrantResponse;
import software.amazon.awssdk.services.kms.model.GrantListEntry;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.InvalidArnException;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * A key owner grants a role of another account: the role uses the key by its key ARN through the
 * grant (its token right after CreateGrant), needing no policy of its own; the grant's retiring
 * principal, in that other account, lists it with ListRetirableGrants and retires it; a grantee
 * allowed RetireGrant retires by token. Aliases and bare ids of the owner's account still never
 * resolve for the other account.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossAccountGrantTest {
  private static final String A = "111122223333";
  private static final String B = "444455556666";
  private static final String APP = "arn:aws:iam::" + B + ":role/app";
  private static final String OPS = "arn:aws:iam::" + B + ":user/ops";

  @AutoClose private PrincipalsNode node;
  private KmsClient a;
  private KmsClient b;
  private KmsClient app;
  private KmsClient ops;

  @BeforeAll
  void startNode() throws IOException {
    node =
        PrincipalsNode.start(
            "kms-cross-account-grants-",
            new CredentialsFile()
                .account(A, "a", "a")
                .account(B, "b", "b")
                .principal("role", "app", "app", null)
                .principal(
                    "user",
                    "ops",
                    "ops",
                    "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:ListRetirableGrants\","
                        + "\"Resource\":\"*\"}]}"));
    a = node.client("a", "a");
    b = node.client("b", "b");
    app = node.as("app");
    ops = node.as("ops");
  }

  private String newKey(String description) {
    return a.createKey(r -> r.description(description)).keyMetadata().keyId();
  }

  @Test
  void aRoleOfAnotherAccountUsesTheKeyByArnThroughItsGrantUntilItsRetiringPrincipalRetiresIt() {
    String keyId = newKey("granted to another account");
    String arn = keyArn(A, keyId);
    String alias = KmsTestSupport.uniqueAlias("granted");
    a.createAlias(r -> r.aliasName(alias).targetKeyId(keyId));
    assertNotFound(() -> app.encrypt(r -> r.keyId(arn).plaintext(utf8("not yet"))));

    CreateGrantResponse grant =
        a.createGrant(
            r ->
                r.keyId(keyId)
                    .granteePrincipal(APP)
                    .retiringPrincipal(OPS)
                    .operations(GrantOperation.ENCRYPT, GrantOperation.DECRYPT));
    SdkBytes blob =
        app.encrypt(r -> r.keyId(arn).plaintext(utf8("from B")).grantTokens(grant.grantToken()))
            .ciphertextBlob();
    assertArrayEquals(
        "from B".getBytes(),
        app.decrypt(r -> r.keyId(arn).ciphertextBlob(blob)).plaintext().asByteArray());
    assertArrayEquals(
        "from B".getBytes(), a.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asByteArray());

    // Only by key ARN, and only the granted operations.
    assertNotFound(() -> app.encrypt(r -> r.keyId(keyId).plaintext(utf8("bare id"))));
    assertNotFound(() -> app.encrypt(r -> r.keyId(alias).plaintext(utf8("alias"))));
    assertNotFound(() -> app.generateDataKey(r -> r.keyId(arn).numberOfBytes(16)));
    assertNotFound(() -> app.describeKey(r -> r.keyId(arn)));

    List<GrantListEntry> retirable =
        ops.listRetirableGrants(r -> r.retiringPrincipal(OPS)).grants();
    assertEquals(
        List.of(grant.grantId()), retirable.stream().map(GrantListEntry::grantId).toList());
    assertEquals(arn, retirable.get(0).keyId());
    assertEquals(APP, retirable.get(0).granteePrincipal());
    assertKmsError(
        InvalidArnException.class,
        "InvalidArnException",
        () -> ops.listRetirableGrants(r -> r.retiringPrincipal("arn:aws:iam::" + A + ":root")));

    ops.retireGrant(r -> r.keyId(arn).grantId(grant.grantId()));
    assertNotFound(() -> app.encrypt(r -> r.keyId(arn).plaintext(utf8("retired"))));
    assertTrue(ops.listRetirableGrants(r -> r.retiringPrincipal(OPS)).grants().isEmpty());
    assertEquals(List.of(), a.listGrants(r -> r.keyId(keyId)).grants());
  }

  @Test
  void aGranteeOfAnotherAccountAllowedRetireGrantRetiresByToken() {
    String keyId = newKey("retired by its grantee's token");
    String arn = keyArn(A, keyId);
    CreateGrantResponse grant =
        a.createGrant(
            r ->
                r.keyId(keyId)
                    .granteePrincipal(APP)
                    .operations(GrantOperation.GENERATE_DATA_KEY, GrantOperation.RETIRE_GRANT));
    app.generateDataKey(r -> r.keyId(arn).numberOfBytes(32).grantTokens(grant.grantToken()));

    app.retireGrant(r -> r.grantToken(grant.grantToken()));
    assertNotFound(() -> app.generateDataKey(r -> r.keyId(arn).numberOfBytes(32)));
    assertEquals(List.of(), a.listGrants(r -> r.keyId(keyId)).grants());
  }

  @Test
  void anotherAccountCreatesGrantsOnlyWhenTheKeyPolicyAllowsItCreateGrant() {
    String keyId = newKey("the other account creates the grant");
    String arn = keyArn(A, keyId);
    assertNotFound(
        () ->
            b.createGrant(
                r -> r.keyId(arn).granteePrincipal(APP).operations(GrantOperation.ENCRYPT)));

    a.putKeyPolicy(
        r ->
            r.keyId(keyId)
                .policyName("default")
                .policy(
                    "{\"Version\":\"2012-10-17\",\"Statement\":["
                        + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                        + A
                        + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"},"
                        + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                        + B
                        + ":root\"},\"Action\":[\"kms:CreateGrant\",\"kms:Encrypt\","
                        + "\"kms:ListGrants\",\"kms:RevokeGrant\"],\"Resource\":\"*\"}]}"));
    CreateGrantResponse grant =
        b.createGrant(r -> r.keyId(arn).granteePrincipal(APP).operations(GrantOperation.ENCRYPT));
    app.encrypt(r -> r.keyId(arn).plaintext(utf8("granted by B")).grantTokens(grant.grantToken()));
    assertEquals(
        List.of(grant.grantId()),
        b.listGrants(r -> r.keyId(arn)).grants().stream().map(GrantListEntry::grantId).toList());

    b.revokeGrant(r -> r.keyId(arn).grantId(grant.grantId()));
    // The key policy lets account B see the key, so its role, left without a grant or a policy of
    // its own, is denied rather than told the key does not exist.
    assertKmsError(
        KmsException.class,
        "AccessDeniedException",
        () -> app.encrypt(r -> r.keyId(arn).plaintext(utf8("revoked"))));
  }
}
