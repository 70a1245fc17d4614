package com.verenc.kms.node.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.verenc.kms.node.testkit.CredentialsFile;
import com.verenc.kms.node.testkit.PrincipalsNode;
import com.verenc.kms.node.testkit.TestNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateGrantResponse;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.RetireGrantResponse;

/**
 * The audit record names the grant that allowed a request when no policy did — with or without the
 * grant's token — and no grant when a policy allowed it, even if a grant would have too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditGrantIdTest {
  private static final String ACCOUNT = TestNode.DEV_ACCOUNT;
  private static final String APP = "arn:aws:iam::" + ACCOUNT + ":role/app";
  private static final String OPS = "arn:aws:iam::" + ACCOUNT + ":user/ops";
  private static final String ADMIN = "arn:aws:iam::" + ACCOUNT + ":user/admin";

  @AutoClose private PrincipalsNode node;
  private KmsClient root;
  private KmsClient app;
  private KmsClient ops;
  private KmsClient admin;

  @BeforeAll
  void start() throws IOException {
    node = PrincipalsNode.start("kms-audit-grant-", CredentialsFile.granteesAndAdmin(ACCOUNT));
    root = node.client("test", "test");
    app = node.as("app");
    ops = node.as("ops");
    admin = node.as("admin");
  }

  private JsonNode recordOf(String requestId) {
    return AuditFileRecords.requestRecord(node.dir().resolve("data").resolve("audit"), requestId);
  }

  private CreateGrantResponse grant(String keyId, String grantee, GrantOperation... operations) {
    return root.createGrant(
        r ->
            r.keyId(keyId).granteePrincipal(grantee).retiringPrincipal(OPS).operations(operations));
  }

  @Test
  void aRequestOnlyAGrantAllowsNamesTheGrantWithOrWithoutItsToken() {
    String keyId = root.createKey(r -> r.description("granted")).keyMetadata().keyId();
    CreateGrantResponse grant = grant(keyId, APP, GrantOperation.ENCRYPT, GrantOperation.DECRYPT);

    EncryptResponse encrypted =
        app.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("g")));
    DecryptResponse decrypted =
        app.decrypt(
            r -> r.ciphertextBlob(encrypted.ciphertextBlob()).grantTokens(grant.grantToken()));

    JsonNode withoutToken = recordOf(encrypted.responseMetadata().requestId());
    assertEquals(APP, withoutToken.path("principal").asText(), withoutToken.toString());
    assertEquals(grant.grantId(), withoutToken.path("grantId").asText(), withoutToken.toString());
    JsonNode withToken = recordOf(decrypted.responseMetadata().requestId());
    assertEquals(grant.grantId(), withToken.path("grantId").asText(), withToken.toString());
    assertEquals("ok", withToken.path("outcome").asText());
  }

  @Test
  void aRequestThePoliciesAllowNamesNoGrantEvenWhereAGrantWouldAllowItToo() {
    String keyId = root.createKey(r -> r.description("by policy")).keyMetadata().keyId();
    grant(keyId, ADMIN, GrantOperation.ENCRYPT);

    EncryptResponse byIdentityPolicy =
        admin.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("p")));
    EncryptResponse byKeyPolicy =
        root.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("p")));

    for (EncryptResponse response : List.of(byIdentityPolicy, byKeyPolicy)) {
      JsonNode record = recordOf(response.responseMetadata().requestId());
      assertEquals("ok", record.path("outcome").asText(), record.toString());
      assertTrue(record.path("grantId").isMissingNode(), record.toString());
    }
  }

  @Test
  void retiringAGrantAsItsRetiringPrincipalNamesThatGrant() {
    String keyId = root.createKey(r -> r.description("retired")).keyMetadata().keyId();
    CreateGrantResponse grant = grant(keyId, APP, GrantOperation.DECRYPT);

    RetireGrantResponse retired = ops.retireGrant(r -> r.keyId(keyId).grantId(grant.grantId()));

    JsonNode record = recordOf(retired.responseMetadata().requestId());
    assertEquals(grant.grantId(), record.path("grantId").asText(), record.toString());
  }
}
