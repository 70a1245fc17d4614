package com.verenc.kms.node.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.ReEncryptResponse;

/**
 * What the audit trail records of a request, through the AWS SDK against a node on the default file
 * sink: who asked, from where, which operation on which keys (as named and as answered), the
 * encryption contexts, how it ended — and never a plaintext, ciphertext or data key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditRecordTest {
  private static final String ACCOUNT = TestNode.DEV_ACCOUNT;
  private static final Map<String, String> CONTEXT = Map.of("tenant", "blue", "purpose", "audit");

  private Path dir;
  private TestNode node;
  private KmsClient kms;

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("kms-audit-record-");
    node = TestNode.start(TestDatabase.h2(dir.resolve("data")));
    kms = node.client();
  }

  @AfterAll
  void stop() {
    if (kms != null) {
      kms.close();
    }
    TestNode.discard(node, dir);
  }

  private Path auditDir() {
    return dir.resolve("data").resolve("audit");
  }

  /** The one request record of a request id. */
  private JsonNode recordOf(String requestId) {
    return AuditFileRecords.requestRecord(auditDir(), requestId);
  }

  private String newKey() {
    return kms.createKey(r -> r.description("audited")).keyMetadata().keyId();
  }

  private static String arn(String keyId) {
    return "arn:aws:kms:" + TestNode.ZONE + ":" + ACCOUNT + ":key/" + keyId;
  }

  @Test
  void anEncryptByAliasRecordsTheCallerTheAliasTheKeyArnAndTheContextButNoPlaintext() {
    String keyId = newKey();
    String alias = "alias/audit-" + UUID.randomUUID().toString().substring(0, 8);
    kms.createAlias(r -> r.aliasName(alias).targetKeyId(keyId));
    SdkBytes plaintext = SdkBytes.fromUtf8String("the plaintext the audit must never hold");

    EncryptResponse encrypted =
        kms.encrypt(r -> r.keyId(alias).plaintext(plaintext).encryptionContext(CONTEXT));

    JsonNode record = recordOf(encrypted.responseMetadata().requestId());
    assertEquals("Encrypt", record.path("operation").asText());
    assertEquals(TestNode.ZONE, record.path("zone").asText());
    assertTrue(record.path("node").asText().startsWith("127.0.0.1:"), record.toString());
    assertEquals(ACCOUNT, record.path("account").asText());
    assertEquals("arn:aws:iam::" + ACCOUNT + ":root", record.path("principal").asText());
    assertEquals("test", record.path("accessKeyId").asText());
    assertEquals("127.0.0.1", record.path("sourceIp").asText());
    assertTrue(record.path("userAgent").asText().contains("aws-sdk-java"), record.toString());
    JsonNode key = record.path("keys").path(0);
    assertEquals("KeyId", key.path("role").asText());
    assertEquals(alias, key.path("requested").asText());
    assertEquals(alias, key.path("alias").asText());
    assertEquals(arn(keyId), key.path("arn").asText());
    assertEquals("blue", record.path("encryptionContext").path("tenant").asText());
    assertEquals("audit", record.path("encryptionContext").path("purpose").asText());
    assertEquals("ok", record.path("outcome").asText());
    assertTrue(record.path("errorCode").isMissingNode(), record.toString());
    assertTrue(record.path("latencyMs").asDouble() > 0, record.toString());
    assertTrue(record.path("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT[\\d:.]{12}Z"));

    String trail = AuditFileRecords.text(auditDir());
    assertFalse(trail.contains("the plaintext the audit must never hold"));
    assertFalse(trail.contains(base64(plaintext)));
    assertFalse(trail.contains(base64(encrypted.ciphertextBlob())));
  }

  @Test
  void aDecryptWithoutKeyIdRecordsTheKeyItsAnswerNamed() {
    String keyId = newKey();
    SdkBytes blob =
        kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))).ciphertextBlob();

    DecryptResponse decrypted = kms.decrypt(r -> r.ciphertextBlob(blob));

    JsonNode key = recordOf(decrypted.responseMetadata().requestId()).path("keys").path(0);
    assertTrue(key.path("requested").isMissingNode(), key.toString());
    assertEquals(arn(keyId), key.path("arn").asText());
    assertFalse(AuditFileRecords.text(auditDir()).contains(base64(blob)));
  }

  @Test
  void aReEncryptRecordsItsSourceAndDestinationKeysAndBothContexts() {
    String source = newKey();
    String destination = newKey();
    SdkBytes blob =
        kms.encrypt(
                r ->
                    r.keyId(source)
                        .plaintext(SdkBytes.fromUtf8String("y"))
                        .encryptionContext(CONTEXT))
            .ciphertextBlob();

    ReEncryptResponse reEncrypted =
        kms.reEncrypt(
            r ->
                r.ciphertextBlob(blob)
                    .sourceEncryptionContext(CONTEXT)
                    .destinationKeyId(destination)
                    .destinationEncryptionContext(Map.of("tenant", "green")));

    JsonNode record = recordOf(reEncrypted.responseMetadata().requestId());
    JsonNode keys = record.path("keys");
    assertEquals(2, keys.size(), keys.toString());
    assertEquals("DestinationKeyId", keys.path(0).path("role").asText());
    assertEquals(destination, keys.path(0).path("requested").asText());
    assertEquals(arn(destination), keys.path(0).path("arn").asText());
    assertEquals("SourceKeyId", keys.path(1).path("role").asText());
    assertEquals(arn(source), keys.path(1).path("arn").asText());
    assertEquals("blue", record.path("sourceEncryptionContext").path("tenant").asText());
    assertEquals("green", record.path("destinationEncryptionContext").path("tenant").asText());
  }

  @Test
  void aGeneratedDataKeyNeverReachesTheTrail() {
    String keyId = newKey();

    GenerateDataKeyResponse dataKey =
        kms.generateDataKey(r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256));

    JsonNode record = recordOf(dataKey.responseMetadata().requestId());
    assertEquals("GenerateDataKey", record.path("operation").asText());
    String trail = AuditFileRecords.text(auditDir());
    assertFalse(trail.contains(base64(dataKey.plaintext())));
    assertFalse(trail.contains(base64(dataKey.ciphertextBlob())));
  }

  @Test
  void aRefusedRequestRecordsItsErrorCodeAndTheKeyAsNamed() {
    String keyId = newKey();
    kms.disableKey(r -> r.keyId(keyId));

    DisabledException refused =
        assertThrows(
            DisabledException.class,
            () -> kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("z"))));

    JsonNode record = recordOf(refused.requestId());
    assertEquals("error", record.path("outcome").asText());
    assertEquals("DisabledException", record.path("errorCode").asText());
    assertEquals(keyId, record.path("keys").path(0).path("requested").asText());
    assertTrue(record.path("keys").path(0).path("arn").isMissingNode());
    assertEquals(ACCOUNT, record.path("account").asText());
  }

  @Test
  void aRequestRefusedBeforeItsSignatureWasCheckedRecordsWhatWasKnown() {
    KmsException refused;
    try (KmsClient stranger = node.client("test", "not-the-secret")) {
      refused = assertThrows(KmsException.class, () -> stranger.listKeys());
    }

    JsonNode record = recordOf(refused.requestId());
    assertEquals("ListKeys", record.path("operation").asText());
    assertEquals("InvalidSignatureException", record.path("errorCode").asText());
    assertEquals("127.0.0.1", record.path("sourceIp").asText());
    assertTrue(record.path("account").isMissingNode(), record.toString());
    assertTrue(record.path("principal").isMissingNode(), record.toString());
  }

  @Test
  void aCreateKeyRecordsTheNewKeysArnAndACreateAliasBothNames() {
    var created = kms.createKey(r -> r.description("new"));
    String keyId = created.keyMetadata().keyId();
    JsonNode createRecord = recordOf(created.responseMetadata().requestId());
    assertEquals(arn(keyId), createRecord.path("keys").path(0).path("arn").asText());

    String alias = "alias/audit-" + UUID.randomUUID().toString().substring(0, 8);
    var aliased = kms.createAlias(r -> r.aliasName(alias).targetKeyId(keyId));

    JsonNode keys = recordOf(aliased.responseMetadata().requestId()).path("keys");
    assertEquals("AliasName", keys.path(0).path("role").asText());
    assertEquals(alias, keys.path(0).path("alias").asText());
    assertEquals("TargetKeyId", keys.path(1).path("role").asText());
    assertEquals(keyId, keys.path(1).path("requested").asText());
  }

  @Test
  void aRequestForAnOperationTheNodeDoesNotServeIsRecordedAsUnknown() throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(node.endpoint() + "/"))
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .header("X-Amz-Target", "TrentService.NoSuchOperation")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    String requestId = answer.headers().firstValue("x-amzn-RequestId").orElseThrow();

    JsonNode record = recordOf(requestId);
    assertEquals("unknown", record.path("operation").asText());
    assertEquals("error", record.path("outcome").asText());
    assertTrue(record.path("errorCode").asText().endsWith("Exception"), record.toString());
  }

  private static String base64(SdkBytes bytes) {
    return Base64.getEncoder().encodeToString(bytes.asByteArray());
  }
}
