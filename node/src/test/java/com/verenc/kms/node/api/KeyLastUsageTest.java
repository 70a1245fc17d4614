package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GetKeyLastUsageResponse;
import software.amazon.awssdk.services.kms.model.KeyLastUsageData;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * GetKeyLastUsage: nothing for a new key (tracked from its creation), then the last successful
 * cryptographic operation, when, and the request id it had, whichever path served it; kept across a
 * restart (a clean shutdown writes every pending use).
 */
class KeyLastUsageTest extends KeyTypesFixture {

  /** GetKeyLastUsage's answer, flattened. */
  private record LastUsage(
      String keyId,
      String operation,
      Instant timestamp,
      String requestId,
      Instant trackingStart,
      Instant created) {}

  private LastUsage lastUsage(String keyId) {
    GetKeyLastUsageResponse r = kms.getKeyLastUsage(b -> b.keyId(keyId));
    KeyLastUsageData use = r.keyLastUsage();
    return new LastUsage(
        r.keyId(),
        use == null ? null : use.operationAsString(),
        use == null ? null : use.timestamp(),
        use == null ? null : use.kmsRequestId(),
        r.trackingStartDate(),
        r.keyCreationDate());
  }

  @Test
  void aNewKeyHasNoUseAndIsTrackedFromItsCreation() {
    String keyId = kms.createKey(b -> b.description("unused")).keyMetadata().keyId();
    LastUsage r = lastUsage(keyId);
    assertNull(r.operation());
    assertEquals(r.created(), r.trackingStart());
    assertEquals(keyId, r.keyId());
  }

  @Test
  void theLastOperationAndItsTimeSurviveARestartOnceWritten() {
    String keyId = kms.createKey(b -> b.description("used")).keyMetadata().keyId();
    Instant encryptedAt = node.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    EncryptResponse encrypted = kms.encrypt(b -> b.keyId(keyId).plaintext(utf8("x")));
    SdkBytes blob = encrypted.ciphertextBlob();
    LastUsage afterEncrypt = lastUsage(keyId);
    assertEquals("Encrypt", afterEncrypt.operation());
    assertEquals(encryptedAt, afterEncrypt.timestamp());
    assertEquals(encrypted.responseMetadata().requestId(), afterEncrypt.requestId());

    // The next uses are served by the key resident on the node.
    node.clock().advance(Duration.ofMinutes(5));
    kms.decrypt(b -> b.ciphertextBlob(blob));
    LastUsage afterDecrypt = lastUsage(keyId);
    assertEquals("Decrypt", afterDecrypt.operation());
    assertEquals(encryptedAt.plus(Duration.ofMinutes(5)), afterDecrypt.timestamp());

    node.clock().advance(Duration.ofMinutes(61));
    Instant reEncryptedAt = node.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    kms.reEncrypt(b -> b.ciphertextBlob(blob).destinationKeyId(keyId));
    assertEquals("ReEncrypt", lastUsage(keyId).operation());
    // A failed operation is not a use.
    node.clock().advance(Duration.ofMinutes(1));
    assertThrows(
        KmsException.class,
        () -> kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(Map.of("a", "b"))));

    restartNode();
    LastUsage restarted = lastUsage(keyId);
    assertEquals("ReEncrypt", restarted.operation());
    assertEquals(reEncryptedAt, restarted.timestamp());
    assertEquals(restarted.created(), restarted.trackingStart());
  }

  @Test
  void anAliasIsRefusedAndAnUnknownKeyIsNotFound() {
    String keyId = kms.createKey(b -> b.description("aliased")).keyMetadata().keyId();
    kms.createAlias(b -> b.aliasName("alias/last-usage").targetKeyId(keyId));
    KmsException alias = assertThrows(KmsException.class, () -> lastUsage("alias/last-usage"));
    assertEquals("ValidationException", alias.awsErrorDetails().errorCode());
    assertTrue(alias.getMessage().contains("not an alias"), alias.getMessage());
    assertThrows(NotFoundException.class, () -> lastUsage(java.util.UUID.randomUUID().toString()));
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
    SdkBytes signature =
        kms.sign(
                b ->
                    b.keyId(ecc)
                        .message(utf8("m"))
                        .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))
            .signature();
    assertEquals("Sign", lastUsage(ecc).operation());
    node.clock().advance(Duration.ofSeconds(1));
    kms.verify(
        b ->
            b.keyId(ecc)
                .message(utf8("m"))
                .signature(signature)
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256));
    assertEquals("Verify", lastUsage(ecc).operation());
  }
}
