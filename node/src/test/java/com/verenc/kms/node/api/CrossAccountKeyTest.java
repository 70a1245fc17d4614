package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.assertKmsError;
import static com.verenc.kms.node.api.KmsTestSupport.assertNotFound;
import static com.verenc.kms.node.api.KmsTestSupport.keyArn;
import static com.verenc.kms.node.api.KmsTestSupport.listAllKeyIds;
import static com.verenc.kms.node.api.KmsTestSupport.uniqueAlias;
import static com.verenc.kms.node.api.KmsTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.verenc.kms.node.testkit.CredentialsFile;
import com.verenc.kms.node.testkit.PrincipalsNode;
import java.io.IOException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * A key of account A shared with account B by its key policy: B uses it by its key ARN (its root
 * directly, its users through their identity policies), never by alias or bare id, never for what
 * AWS keeps to the owner, and not at all once A's policy stops naming B.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossAccountKeyTest {
  private static final String A = "111122223333";
  private static final String B = "444455556666";

  @AutoClose private PrincipalsNode node;
  private KmsClient a;
  private KmsClient b;
  private KmsClient bob;
  private KmsClient carol;

  @BeforeAll
  void startNode() throws IOException {
    node =
        PrincipalsNode.start(
            "kms-cross-account-",
            new CredentialsFile()
                .account(A, "a", "a")
                .account(B, "b", "b")
                .principal(
                    "user",
                    "bob",
                    "bob",
                    "bob",
                    "{\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Action\":[\"kms:Encrypt\",\"kms:Decrypt\"],\"Resource\":\"arn:aws:kms:*:"
                        + A
                        + ":key/*\"}]}")
                .principal("user", "carol", "carol", "carol", null));
    a = client("a");
    b = client("b");
    bob = client("bob");
    carol = client("carol");
  }

  /** Every principal of this file signs with its access key as its secret. */
  private KmsClient client(String accessKey) {
    return node.client(accessKey, accessKey);
  }

  private static String policySharingWith(String account) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":["
        + "{\"Sid\":\"Enable IAM User Permissions\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
        + "\"arn:aws:iam::"
        + A
        + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}"
        + (account == null
            ? ""
            : ",{\"Sid\":\"Share\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                + account
                + ":root\"},\"Action\":[\"kms:Encrypt\",\"kms:Decrypt\",\"kms:DescribeKey\"],"
                + "\"Resource\":\"*\"}")
        + "]}";
  }

  @Test
  void aSharedKeyIsUsableByItsArnFromTheOtherAccountUntilThePolicyStopsNamingIt() {
    String keyId = a.createKey(r -> r.description("shared")).keyMetadata().keyId();
    String arn = keyArn(A, keyId);
    String alias = uniqueAlias("shared");
    a.createAlias(r -> r.aliasName(alias).targetKeyId(keyId));
    assertNotFound(() -> b.encrypt(r -> r.keyId(arn).plaintext(utf8("not yet"))));

    a.putKeyPolicy(r -> r.keyId(keyId).policyName("default").policy(policySharingWith(B)));
    SdkBytes blob = b.encrypt(r -> r.keyId(arn).plaintext(utf8("from B"))).ciphertextBlob();
    assertArrayEquals(
        "from B".getBytes(),
        b.decrypt(r -> r.keyId(arn).ciphertextBlob(blob)).plaintext().asByteArray());
    assertArrayEquals(
        "from B".getBytes(), a.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asByteArray());
    assertEquals(arn, b.describeKey(r -> r.keyId(arn)).keyMetadata().arn());

    // Only by key ARN, only what the policy and AWS allow, never in B's listings.
    assertNotFound(() -> b.encrypt(r -> r.keyId(keyId).plaintext(utf8("bare id"))));
    assertNotFound(() -> b.encrypt(r -> r.keyId(alias).plaintext(utf8("alias"))));
    assertNotFound(() -> b.generateDataKey(r -> r.keyId(arn).numberOfBytes(16)));
    assertNotFound(() -> b.disableKey(r -> r.keyId(arn)));
    assertNotFound(() -> b.scheduleKeyDeletion(r -> r.keyId(arn).pendingWindowInDays(7)));
    assertFalse(listAllKeyIds(b, 100).contains(keyId));

    // B's users: through their own identity policies.
    bob.encrypt(r -> r.keyId(arn).plaintext(utf8("from bob")));
    KmsException denied =
        assertKmsError(
            KmsException.class,
            "AccessDeniedException",
            () -> carol.encrypt(r -> r.keyId(arn).plaintext(utf8("from carol"))));
    assertEquals(
        "User: arn:aws:iam::"
            + B
            + ":user/carol is not authorized to perform: kms:Encrypt on resource: "
            + arn
            + " because no identity-based policy allows the kms:Encrypt action",
        denied.awsErrorDetails().errorMessage());

    a.putKeyPolicy(r -> r.keyId(keyId).policyName("default").policy(policySharingWith(null)));
    assertNotFound(() -> b.encrypt(r -> r.keyId(arn).plaintext(utf8("no longer"))));
    assertNotFound(() -> bob.decrypt(r -> r.keyId(arn).ciphertextBlob(blob)));
    a.encrypt(r -> r.keyId(keyId).plaintext(utf8("the owner still can")));
  }
}
