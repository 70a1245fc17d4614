package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;

/**
 * GetKeyLastUsage: nothing for a new key (tracked from its creation), then the last successful
 * cryptographic operation and when, whether the entity or the key resident on the node served it;
 * written down at most once an hour, so a restart keeps the last use written.
 */
class KeyLastUsageTest extends KeyTypesFixture {

  /**
   * GetKeyLastUsage's answer; signed by hand, as the AWS SDK of this build predates the operation.
   */
  private record LastUsage(
      String keyId, String operation, Instant timestamp, Instant trackingStart, Instant created) {}

  private LastUsage lastUsage(String keyId) {
    HttpResponse<String> response =
        KmsTestSupport.rawPost(
            node.endpoint(),
            "TrentService.GetKeyLastUsage",
            KmsTestSupport.TEST_AUTHORIZATION,
            "{\"KeyId\":\"" + keyId + "\"}");
    assertEquals(200, response.statusCode(), response.body());
    try {
      JsonNode body = new ObjectMapper().readTree(response.body());
      JsonNode use = body.get("KeyLastUsage");
      return new LastUsage(
          body.get("KeyId").asText(),
          use == null ? null : use.get("Operation").asText(),
          use == null ? null : instant(use.get("Timestamp")),
          instant(body.get("TrackingStartDate")),
          instant(body.get("KeyCreationDate")));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** AWS dates: epoch seconds with a fraction. */
  private static Instant instant(JsonNode seconds) {
    return Instant.ofEpochMilli(seconds.decimalValue().movePointRight(3).longValueExact());
  }

  @Test
  void aNewKeyHasNoUseAndIsTrackedFromItsCreation() {
    String keyId = kms.createKey(b -> b.description("unused")).keyMetadata().keyId();
    LastUsage r = lastUsage(keyId);
    assertNull(r.operation());
    assertEquals(r.created(), r.trackingStart());
    assertEquals(KmsTestSupport.keyArn(keyId), r.keyId());
  }

  @Test
  void theLastOperationAndItsTimeSurviveARestartOnceWritten() {
    String keyId = kms.createKey(b -> b.description("used")).keyMetadata().keyId();
    Instant encryptedAt = node.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    SdkBytes blob = kms.encrypt(b -> b.keyId(keyId).plaintext(utf8("x"))).ciphertextBlob();
    LastUsage afterEncrypt = lastUsage(keyId);
    assertEquals("Encrypt", afterEncrypt.operation());
    assertEquals(encryptedAt, afterEncrypt.timestamp());

    // The next uses are served by the key resident on the node, within the hour: reported, not
    // written.
    node.clock().advance(Duration.ofMinutes(5));
    kms.decrypt(b -> b.ciphertextBlob(blob));
    LastUsage afterDecrypt = lastUsage(keyId);
    assertEquals("Decrypt", afterDecrypt.operation());
    assertEquals(encryptedAt.plus(Duration.ofMinutes(5)), afterDecrypt.timestamp());

    // An hour on, a use is written again.
    node.clock().advance(Duration.ofMinutes(61));
    Instant reEncryptedAt = node.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    kms.reEncrypt(b -> b.ciphertextBlob(blob).destinationKeyId(keyId));
    assertEquals("ReEncrypt", lastUsage(keyId).operation());

    restartNode();
    LastUsage restarted = lastUsage(keyId);
    assertEquals("ReEncrypt", restarted.operation());
    assertEquals(reEncryptedAt, restarted.timestamp());
    assertEquals(restarted.created(), restarted.trackingStart());
  }

  @Test
  void macsAndSignaturesAreUsesTooButNotGetPublicKey() {
    String hmac = newKey(KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC);
    kms.generateMac(
        b -> b.keyId(hmac).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256).message(utf8("m")));
    assertEquals("GenerateMac", lastUsage(hmac).operation());

    String ecc = newKey(KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY);
    kms.getPublicKey(b -> b.keyId(ecc));
    assertNull(lastUsage(ecc).operation(), "GetPublicKey is not a tracked operation");
  }
}
