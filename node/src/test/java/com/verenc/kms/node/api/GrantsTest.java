package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.assertDenied;
import static com.verenc.kms.node.api.KmsTestSupport.assertKmsError;
import static com.verenc.kms.node.api.KmsTestSupport.assertNotFound;
import static com.verenc.kms.node.api.KmsTestSupport.keyArn;
import static com.verenc.kms.node.api.KmsTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.testkit.CredentialsFile;
import com.verenc.kms.node.testkit.Eventually;
import com.verenc.kms.node.testkit.PrincipalsNode;
import com.verenc.kms.node.testkit.TestNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateGrantResponse;
import software.amazon.awssdk.services.kms.model.DryRunOperationException;
import software.amazon.awssdk.services.kms.model.GrantListEntry;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.InvalidArnException;
import software.amazon.awssdk.services.kms.model.InvalidGrantIdException;
import software.amazon.awssdk.services.kms.model.InvalidGrantTokenException;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;

/**
 * Grants through the AWS SDK: a role whose policies allow nothing uses a key through a grant and
 * its token right after CreateGrant, within the grant's constraint; grants are listed, retired by
 * token and revoked, idempotent by name, kept across a restart, ended with their key and beaten by
 * an explicit Deny; malformed tokens, ids and principals get the model's errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrantsTest {
  private static final String ACCOUNT = TestNode.DEV_ACCOUNT;
  private static final String APP = "arn:aws:iam::" + ACCOUNT + ":role/app";
  private static final String OPS = "arn:aws:iam::" + ACCOUNT + ":user/ops";
  private static final String ADMIN = "arn:aws:iam::" + ACCOUNT + ":user/admin";
  private static final Map<String, String> BLUE = Map.of("tenant", "blue");

  @AutoClose private PrincipalsNode node;
  private KmsClient root;
  private KmsClient app;
  private KmsClient ops;
  private KmsClient admin;

  @BeforeAll
  void startNode() throws IOException {
    node = PrincipalsNode.start("kms-grants-", CredentialsFile.granteesAndAdmin(ACCOUNT));
    connect();
  }

  private void connect() {
    node.closeClients();
    root = node.client("test", "test");
    app = node.as("app");
    ops = node.as("ops");
    admin = node.as("admin");
  }

  private String newKey(String description) {
    return root.createKey(r -> r.description(description)).keyMetadata().keyId();
  }

  private SdkBytes encrypt(String keyId, Map<String, String> context, String token) {
    return app.encrypt(
            r -> {
              r.keyId(keyId).plaintext(utf8("granted")).encryptionContext(context);
              if (token != null) {
                r.grantTokens(token);
              }
            })
        .ciphertextBlob();
  }

  @Test
  void aGrantWithAnEqualsConstraintServesItsRoleAtOnceUntilRetiredByToken() {
    String keyId = newKey("grant lifecycle");
    assertDenied(() -> app.encrypt(r -> r.keyId(keyId).plaintext(utf8("x"))));

    CreateGrantResponse grant =
        root.createGrant(
            r ->
                r.keyId(keyId)
                    .granteePrincipal(APP)
                    .retiringPrincipal(OPS)
                    .operations(GrantOperation.ENCRYPT, GrantOperation.DECRYPT)
                    .constraints(c -> c.encryptionContextEquals(BLUE)));
    assertTrue(grant.grantId().matches("[0-9a-f]{64}"), grant.grantId());

    SdkBytes sealed = encrypt(keyId, BLUE, grant.grantToken());
    assertArrayEquals(
        "granted".getBytes(),
        app.decrypt(
                r ->
                    r.ciphertextBlob(sealed)
                        .encryptionContext(BLUE)
                        .grantTokens(grant.grantToken()))
            .plaintext()
            .asByteArray());
    KmsException red = assertDenied(() -> encrypt(keyId, Map.of("tenant", "red"), null));
    assertEquals(
        "User: "
            + APP
            + " is not authorized to perform: kms:Encrypt on resource: "
            + keyArn(keyId)
            + " because no identity-based policy allows the kms:Encrypt action",
        red.awsErrorDetails().errorMessage());
    assertDenied(() -> app.encrypt(r -> r.keyId(keyId).plaintext(utf8("no context"))));

    GrantListEntry listed = root.listGrants(r -> r.keyId(keyId)).grants().get(0);
    assertEquals(keyArn(keyId), listed.keyId());
    assertEquals(grant.grantId(), listed.grantId());
    assertEquals(APP, listed.granteePrincipal());
    assertEquals(OPS, listed.retiringPrincipal());
    assertEquals("arn:aws:iam::" + ACCOUNT + ":root", listed.issuingAccount());
    assertEquals(List.of(GrantOperation.DECRYPT, GrantOperation.ENCRYPT), listed.operations());
    assertEquals(BLUE, listed.constraints().encryptionContextEquals());
    assertTrue(listed.creationDate() != null);
    assertEquals(
        List.of(grant.grantId()),
        root.listRetirableGrants(r -> r.retiringPrincipal(OPS)).grants().stream()
            .filter(g -> g.keyId().equals(keyArn(keyId)))
            .map(GrantListEntry::grantId)
            .toList());

    ops.retireGrant(r -> r.grantToken(grant.grantToken()));
    assertDenied(() -> encrypt(keyId, BLUE, null));
    assertEquals(List.of(), root.listGrants(r -> r.keyId(keyId)).grants());
    assertTrue(
        root.listRetirableGrants(r -> r.retiringPrincipal(OPS)).grants().stream()
            .noneMatch(g -> g.grantId().equals(grant.grantId())));
  }

  @Test
  void aRevokedGrantAllowsNothingMore() {
    String keyId = newKey("revoked");
    String grantId =
        root.createGrant(
                r -> r.keyId(keyId).granteePrincipal(APP).operations(GrantOperation.ENCRYPT))
            .grantId();
    encrypt(keyId, Map.of(), null);
    assertDenied(() -> app.revokeGrant(r -> r.keyId(keyId).grantId(grantId)));
    admin.revokeGrant(r -> r.keyId(keyId).grantId(grantId));
    assertDenied(() -> encrypt(keyId, Map.of(), null));
    assertNotFound(() -> root.revokeGrant(r -> r.keyId(keyId).grantId(grantId)));
  }

  @Test
  void theSameNameAndParametersAnswerTheExistingGrantWithANewToken() {
    String keyId = newKey("named grants");
    CreateGrantResponse first =
        root.createGrant(
            r ->
                r.keyId(keyId)
                    .granteePrincipal(APP)
                    .operations(GrantOperation.DECRYPT)
                    .name("nightly-job"));
    CreateGrantResponse again =
        root.createGrant(
            r ->
                r.keyId(keyId)
                    .granteePrincipal(APP)
                    .operations(GrantOperation.DECRYPT)
                    .name("nightly-job"));
    assertEquals(first.grantId(), again.grantId());
    assertNotEquals(first.grantToken(), again.grantToken());
    String other =
        root.createGrant(
                r ->
                    r.keyId(keyId)
                        .granteePrincipal(APP)
                        .operations(GrantOperation.ENCRYPT)
                        .name("nightly-job"))
            .grantId();
    assertNotEquals(first.grantId(), other);
    assertEquals(
        List.of("nightly-job", "nightly-job"),
        root.listGrants(r -> r.keyId(keyId)).grants().stream().map(GrantListEntry::name).toList());
    assertEquals(
        List.of(other),
        root.listGrants(r -> r.keyId(keyId).grantId(other)).grants().stream()
            .map(GrantListEntry::grantId)
            .toList());
  }

  @Test
  void aGrantSurvivesARestartAndEndsWithItsKey() {
    String keyId = newKey("restart");
    String grantId =
        root.createGrant(
                r ->
                    r.keyId(keyId)
                        .granteePrincipal(APP)
                        .retiringPrincipal(OPS)
                        .operations(GrantOperation.ENCRYPT))
            .grantId();
    node.node().restart();
    connect();
    encrypt(keyId, Map.of(), null);
    assertEquals(grantId, root.listGrants(r -> r.keyId(keyId)).grants().get(0).grantId());

    root.scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7));
    assertKmsError(
        KmsInvalidStateException.class,
        "KMSInvalidStateException",
        () ->
            root.createGrant(
                r -> r.keyId(keyId).granteePrincipal(APP).operations(GrantOperation.DECRYPT)));
    node.node().clock().advance(Duration.ofDays(8));
    Eventually.eventually(
        "the key and its grant are gone",
        () -> {
          assertNotFound(() -> encrypt(keyId, Map.of(), null));
          assertTrue(
              root.listRetirableGrants(r -> r.retiringPrincipal(OPS)).grants().stream()
                  .noneMatch(g -> g.grantId().equals(grantId)));
          return true;
        });
  }

  @Test
  void anExplicitDenyInTheKeyPolicyBeatsAGrant() {
    String policy =
        "{\"Version\":\"2012-10-17\",\"Statement\":["
            + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
            + ACCOUNT
            + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"},"
            + "{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\""
            + APP
            + "\"},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}]}";
    String keyId = root.createKey(r -> r.policy(policy)).keyMetadata().keyId();
    root.createGrant(
        r ->
            r.keyId(keyId)
                .granteePrincipal(APP)
                .operations(GrantOperation.ENCRYPT, GrantOperation.DECRYPT));
    SdkBytes sealed = encrypt(keyId, Map.of(), null);
    KmsException denied = assertDenied(() -> app.decrypt(r -> r.ciphertextBlob(sealed)));
    assertTrue(
        denied
            .awsErrorDetails()
            .errorMessage()
            .endsWith("with an explicit deny in the key policy"));
  }

  @Test
  void conditionsOnCreateGrantSeeTheGrantsKeys() {
    String policy =
        "{\"Version\":\"2012-10-17\",\"Statement\":["
            + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
            + ACCOUNT
            + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"},"
            + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
            + OPS
            + "\"},\"Action\":\"kms:CreateGrant\",\"Resource\":\"*\",\"Condition\":{"
            + "\"ForAllValues:StringEquals\":{\"kms:GrantOperations\":[\"Encrypt\",\"Decrypt\"]},"
            + "\"StringEquals\":{\"kms:GranteePrincipal\":\""
            + APP
            + "\",\"kms:GrantConstraintType\":\"EncryptionContextSubset\"},"
            + "\"Bool\":{\"kms:GrantIsForAWSResource\":\"false\"}}}]}";
    String keyId = root.createKey(r -> r.policy(policy)).keyMetadata().keyId();
    ops.createGrant(
        r ->
            r.keyId(keyId)
                .granteePrincipal(APP)
                .operations(GrantOperation.ENCRYPT)
                .constraints(c -> c.encryptionContextSubset(BLUE)));
    assertDenied(
        () ->
            ops.createGrant(
                r ->
                    r.keyId(keyId)
                        .granteePrincipal(APP)
                        .operations(GrantOperation.GENERATE_DATA_KEY)
                        .constraints(c -> c.encryptionContextSubset(BLUE))));
    assertDenied(
        () ->
            ops.createGrant(
                r ->
                    r.keyId(keyId)
                        .granteePrincipal(OPS)
                        .operations(GrantOperation.ENCRYPT)
                        .constraints(c -> c.encryptionContextSubset(BLUE))));
    assertDenied(
        () ->
            ops.createGrant(
                r -> r.keyId(keyId).granteePrincipal(APP).operations(GrantOperation.ENCRYPT)));
  }

  @Test
  void malformedTokensIdsAndPrincipalsGetTheModelsErrors() {
    String keyId = newKey("malformed");
    String token =
        root.createGrant(
                r -> r.keyId(keyId).granteePrincipal(APP).operations(GrantOperation.ENCRYPT))
            .grantToken();
    assertKmsError(
        InvalidGrantTokenException.class,
        "InvalidGrantTokenException",
        () -> encrypt(keyId, Map.of(), "not-a-token"));
    String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
    assertKmsError(
        InvalidGrantTokenException.class,
        "InvalidGrantTokenException",
        () -> root.describeKey(r -> r.keyId(keyId).grantTokens(tampered)));
    assertKmsError(
        InvalidGrantTokenException.class,
        "InvalidGrantTokenException",
        () -> ops.retireGrant(r -> r.grantToken("bm90IGEgdG9rZW4")));
    assertKmsError(
        InvalidGrantIdException.class,
        "InvalidGrantIdException",
        () -> root.revokeGrant(r -> r.keyId(keyId).grantId("not-a-grant-id")));
    assertKmsError(
        InvalidGrantIdException.class,
        "InvalidGrantIdException",
        () -> root.listGrants(r -> r.keyId(keyId).grantId("x")));
    assertNotFound(() -> root.revokeGrant(r -> r.keyId(keyId).grantId("0".repeat(64))));
    assertKmsError(
        InvalidArnException.class,
        "InvalidArnException",
        () ->
            root.createGrant(
                r ->
                    r.keyId(keyId)
                        .granteePrincipal("arn:aws:iam::444455556666:group/apps")
                        .operations(GrantOperation.ENCRYPT)));
    assertKmsError(
        InvalidArnException.class,
        "InvalidArnException",
        () -> root.listRetirableGrants(r -> r.retiringPrincipal("ops")));
    KmsException validation =
        assertKmsError(
            KmsException.class,
            "ValidationException",
            () ->
                root.createGrant(
                    r -> r.keyId(keyId).granteePrincipal(APP).operations(GrantOperation.SIGN)));
    assertTrue(validation.awsErrorDetails().errorMessage().contains("Operations includes Sign"));
  }

  @Test
  void aDryRunCreatesNothing() {
    String keyId = newKey("dry run");
    assertKmsError(
        DryRunOperationException.class,
        "DryRunOperationException",
        () ->
            root.createGrant(
                r ->
                    r.keyId(keyId)
                        .granteePrincipal(APP)
                        .operations(GrantOperation.ENCRYPT)
                        .dryRun(true)));
    assertEquals(List.of(), root.listGrants(r -> r.keyId(keyId)).grants());
  }

  @Test
  void listsPageByMarker() {
    String keyId = newKey("pages");
    for (int i = 0; i < 3; i++) {
      root.createGrant(
          r ->
              r.keyId(keyId)
                  .granteePrincipal(APP)
                  .retiringPrincipal(ADMIN)
                  .operations(GrantOperation.ENCRYPT));
    }
    var first = root.listGrants(r -> r.keyId(keyId).limit(2));
    assertEquals(2, first.grants().size());
    assertTrue(first.truncated());
    var second = root.listGrants(r -> r.keyId(keyId).limit(2).marker(first.nextMarker()));
    assertEquals(1, second.grants().size());
    assertTrue(!second.truncated());

    List<String> retirable = new ArrayList<>();
    String marker = null;
    do {
      String from = marker;
      var page = root.listRetirableGrants(r -> r.retiringPrincipal(ADMIN).limit(2).marker(from));
      page.grants().forEach(g -> retirable.add(g.grantId()));
      marker = page.truncated() ? page.nextMarker() : null;
    } while (marker != null);
    assertEquals(3, retirable.size());
    assertEquals(3, Set.copyOf(retirable).size());
  }
}
