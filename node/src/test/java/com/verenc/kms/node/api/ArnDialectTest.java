package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.TEST_AUTHORIZATION;
import static com.verenc.kms.node.api.KmsTestSupport.rawPost;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The ARNs a node hands out: AWS-form in the aws dialect, of the configured partition and the
 * node's zone; the seed pages' zone-less form in the seed dialect. Either dialect accepts both.
 */
class ArnDialectTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCOUNT = TestNode.DEV_ACCOUNT;

  @TempDir Path dir;

  @Test
  void theAwsDialectAnswersWithArnsOfItsPartitionAndZone() {
    try (TestNode node =
            TestNode.start(TestDatabase.h2(dir), Map.of("kms.arn-partition", "aws-cn"));
        KmsClient kms = node.client()) {
      String keyId = kms.createKey(b -> b.description("partition")).keyMetadata().keyId();
      String arn = "arn:aws-cn:kms:" + TestNode.ZONE + ":" + ACCOUNT + ":key/" + keyId;
      assertEquals(arn, kms.describeKey(b -> b.keyId(keyId)).keyMetadata().arn());
      assertEquals(
          arn, kms.encrypt(b -> b.keyId(arn).plaintext(SdkBytes.fromUtf8String("x"))).keyId());
      assertEquals(
          arn,
          kms.listKeys().keys().stream()
              .filter(k -> k.keyId().equals(keyId))
              .findFirst()
              .orElseThrow()
              .keyArn());
      kms.createAlias(b -> b.aliasName("alias/cn").targetKeyId(keyId));
      assertEquals(
          "arn:aws-cn:kms:" + TestNode.ZONE + ":" + ACCOUNT + ":alias/cn",
          kms.listAliases().aliases().stream()
              .filter(a -> a.aliasName().equals("alias/cn"))
              .findFirst()
              .orElseThrow()
              .aliasArn());
      KmsTestSupport.assertNotFound(
          () ->
              kms.describeKey(
                  b -> b.keyId("arn:aws:kms:" + TestNode.ZONE + ":" + ACCOUNT + ":key/" + keyId)));
    }
  }

  @Test
  void theSeedDialectAnswersWithSeedFormArnsAndAcceptsBoth() throws IOException {
    try (TestNode node = TestNode.start(TestDatabase.h2(dir), Map.of("kms.dialect", "seed"))) {
      JsonNode created = call(node, "CreateKey", "{\"Description\":\"seed\"}");
      String keyId = created.path("KeyMetadata").path("KeyId").asText();
      String seedArn = "arn:verenc:" + ACCOUNT + ":key/" + keyId;
      assertEquals(seedArn, created.path("KeyMetadata").path("Arn").asText());
      JsonNode encrypted =
          call(node, "Encrypt", "{\"KeyId\":\"" + seedArn + "\",\"Plaintext\":\"AA==\"}");
      assertEquals(seedArn, encrypted.path("KeyId").asText());
      String awsArn = "arn:aws:kms:" + TestNode.ZONE + ":" + ACCOUNT + ":key/" + keyId;
      assertEquals(
          keyId,
          call(node, "DescribeKey", "{\"KeyId\":\"" + awsArn + "\"}")
              .path("KeyMetadata")
              .path("KeyId")
              .asText());
    }
  }

  private static JsonNode call(TestNode node, String operation, String body) throws IOException {
    HttpResponse<String> response =
        rawPost(node.endpoint(), "TrentService." + operation, TEST_AUTHORIZATION, body);
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }
}
