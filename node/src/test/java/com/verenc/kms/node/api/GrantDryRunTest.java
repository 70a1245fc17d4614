package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.assertDenied;
import static com.verenc.kms.node.api.KmsTestSupport.assertWouldSucceed;
import static com.verenc.kms.node.api.KmsTestSupport.utf8;

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
import software.amazon.awssdk.services.kms.model.GrantOperation;

/**
 * A DryRun of an operation that only a grant with an encryption context constraint allows is judged
 * on the request's encryption context, as the real call is: DryRunOperationException when the
 * context meets the constraint, AccessDeniedException when it does not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrantDryRunTest {
  private static final String ACCOUNT = TestNode.DEV_ACCOUNT;
  private static final String APP = "arn:aws:iam::" + ACCOUNT + ":role/app";
  private static final Map<String, String> BLUE = Map.of("tenant", "blue");
  private static final Map<String, String> RED = Map.of("tenant", "red");

  @AutoClose private PrincipalsNode node;
  private KmsClient root;
  private KmsClient app;

  @BeforeAll
  void startNode() throws IOException {
    node =
        PrincipalsNode.start(
            "kms-grant-dry-run-",
            new CredentialsFile()
                .account(ACCOUNT, "test", "test")
                .principal("role", "app", "app", null));
    root = node.client("test", "test");
    app = node.as("app");
  }

  private String keyGrantedToApp(GrantConstraint constraint) {
    String keyId = root.createKey(r -> r.description("dry run by grant")).keyMetadata().keyId();
    root.createGrant(
        r ->
            r.keyId(keyId)
                .granteePrincipal(APP)
                .operations(
                    GrantOperation.ENCRYPT,
                    GrantOperation.DECRYPT,
                    GrantOperation.GENERATE_DATA_KEY)
                .constraints(
                    c -> {
                      if (constraint == GrantConstraint.EQUALS) {
                        c.encryptionContextEquals(BLUE);
                      } else {
                        c.encryptionContextSubset(BLUE);
                      }
                    }));
    return keyId;
  }

  private enum GrantConstraint {
    EQUALS,
    SUBSET
  }

  @Test
  void aDryRunWithinAnEqualsConstraintWouldSucceedAndOneOutsideItIsDenied() {
    String keyId = keyGrantedToApp(GrantConstraint.EQUALS);
    assertWouldSucceed(
        () ->
            app.encrypt(
                r -> r.keyId(keyId).plaintext(utf8("x")).encryptionContext(BLUE).dryRun(true)));
    assertWouldSucceed(
        () ->
            app.generateDataKey(
                r -> r.keyId(keyId).numberOfBytes(32).encryptionContext(BLUE).dryRun(true)));
    assertDenied(
        () ->
            app.encrypt(
                r -> r.keyId(keyId).plaintext(utf8("x")).encryptionContext(RED).dryRun(true)));
    assertDenied(() -> app.encrypt(r -> r.keyId(keyId).plaintext(utf8("x")).dryRun(true)));
    Map<String, String> more = Map.of("tenant", "blue", "stage", "prod");
    assertDenied(
        () ->
            app.encrypt(
                r -> r.keyId(keyId).plaintext(utf8("x")).encryptionContext(more).dryRun(true)));
  }

  @Test
  void aDryRunOfDecryptIsJudgedOnItsEncryptionContextUnderASubsetConstraint() {
    String keyId = keyGrantedToApp(GrantConstraint.SUBSET);
    Map<String, String> more = Map.of("tenant", "blue", "stage", "prod");
    SdkBytes blob =
        root.encrypt(r -> r.keyId(keyId).plaintext(utf8("sealed")).encryptionContext(more))
            .ciphertextBlob();
    assertWouldSucceed(
        () -> app.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(more).dryRun(true)));
    assertWouldSucceed(
        () ->
            app.encrypt(
                r -> r.keyId(keyId).plaintext(utf8("x")).encryptionContext(BLUE).dryRun(true)));
    assertDenied(
        () -> app.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(RED).dryRun(true)));
    assertDenied(() -> app.decrypt(r -> r.ciphertextBlob(blob).dryRun(true)));
    // The real calls agree with their DryRuns.
    app.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(more));
    assertDenied(() -> app.decrypt(r -> r.ciphertextBlob(blob)));
  }
}
