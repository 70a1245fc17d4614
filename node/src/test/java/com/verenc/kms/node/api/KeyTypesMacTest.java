package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.assertKmsError;
import static com.verenc.kms.node.api.KmsTestSupport.assertValidationError;
import static com.verenc.kms.node.api.KmsTestSupport.keyArn;
import static com.verenc.kms.node.api.KmsTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GenerateMacResponse;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsInvalidMacException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;
import software.amazon.awssdk.services.kms.model.VerifyMacResponse;

/** GenerateMac and VerifyMac with HMAC keys of every spec, and what HMAC keys refuse. */
class KeyTypesMacTest extends KeyTypesFixture {
  private static final SdkBytes MESSAGE = utf8("the message to authenticate");

  private String hmac(KeySpec spec) {
    return key(spec, KeyUsageType.GENERATE_VERIFY_MAC);
  }

  private SdkBytes mac(String keyId, MacAlgorithmSpec algorithm, SdkBytes message) {
    return kms.generateMac(b -> b.keyId(keyId).macAlgorithm(algorithm).message(message)).mac();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "HMAC_224, HMAC_SHA_224, 28",
    "HMAC_256, HMAC_SHA_256, 32",
    "HMAC_384, HMAC_SHA_384, 48",
    "HMAC_512, HMAC_SHA_512, 64"
  })
  void macOfEverySpecHasItsLengthAndVerifies(
      KeySpec spec, MacAlgorithmSpec algorithm, int macBytes) {
    String keyId = hmac(spec);
    GenerateMacResponse generated =
        kms.generateMac(b -> b.keyId(keyId).macAlgorithm(algorithm).message(MESSAGE));
    assertEquals(macBytes, generated.mac().asByteArray().length);
    assertEquals(algorithm, generated.macAlgorithm());
    assertEquals(keyArn(keyId), generated.keyId());
    assertEquals(generated.mac(), mac(keyId, algorithm, MESSAGE), "HMAC is deterministic");
    assertNotEquals(generated.mac(), mac(keyId, algorithm, utf8("another message")));

    VerifyMacResponse verified =
        kms.verifyMac(
            b -> b.keyId(keyId).macAlgorithm(algorithm).message(MESSAGE).mac(generated.mac()));
    assertTrue(verified.macValid());
    assertEquals(algorithm, verified.macAlgorithm());
    assertEquals(keyArn(keyId), verified.keyId());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"HMAC_224, HMAC_SHA_224", "HMAC_512, HMAC_SHA_512"})
  void aTamperedMessageOrMacDoesNotVerify(KeySpec spec, MacAlgorithmSpec algorithm) {
    String keyId = hmac(spec);
    SdkBytes mac = mac(keyId, algorithm, MESSAGE);
    byte[] message = MESSAGE.asByteArray();
    message[3] ^= 0x01;
    SdkBytes tamperedMessage = SdkBytes.fromByteArray(message);
    byte[] macBytes = mac.asByteArray();

    assertInvalidMac(
        () ->
            kms.verifyMac(
                b -> b.keyId(keyId).macAlgorithm(algorithm).message(tamperedMessage).mac(mac)));
    for (int index : new int[] {0, macBytes.length / 2, macBytes.length - 1}) {
      SdkBytes tampered = flipByte(mac, index);
      assertInvalidMac(
          () ->
              kms.verifyMac(
                  b -> b.keyId(keyId).macAlgorithm(algorithm).message(MESSAGE).mac(tampered)));
    }
    SdkBytes truncated = SdkBytes.fromByteArray(Arrays.copyOf(macBytes, macBytes.length - 1));
    assertInvalidMac(
        () ->
            kms.verifyMac(
                b -> b.keyId(keyId).macAlgorithm(algorithm).message(MESSAGE).mac(truncated)));
  }

  @Test
  void aMacOfAnotherKeyDoesNotVerify() {
    String first = hmac(KeySpec.HMAC_256);
    String second = newKey(KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC);
    SdkBytes mac = mac(first, MacAlgorithmSpec.HMAC_SHA_256, MESSAGE);
    assertNotEquals(mac, mac(second, MacAlgorithmSpec.HMAC_SHA_256, MESSAGE));
    assertInvalidMac(
        () ->
            kms.verifyMac(
                b ->
                    b.keyId(second)
                        .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                        .message(MESSAGE)
                        .mac(mac)));
  }

  @Test
  void aMacAlgorithmOfAnotherSpecIsInvalidKeyUsage() {
    String keyId = hmac(KeySpec.HMAC_256);
    SdkBytes mac = mac(keyId, MacAlgorithmSpec.HMAC_SHA_256, MESSAGE);
    for (MacAlgorithmSpec other :
        new MacAlgorithmSpec[] {
          MacAlgorithmSpec.HMAC_SHA_224,
          MacAlgorithmSpec.HMAC_SHA_384,
          MacAlgorithmSpec.HMAC_SHA_512
        }) {
      assertInvalidKeyUsage(
          () -> kms.generateMac(b -> b.keyId(keyId).macAlgorithm(other).message(MESSAGE)));
      assertInvalidKeyUsage(
          () -> kms.verifyMac(b -> b.keyId(keyId).macAlgorithm(other).message(MESSAGE).mac(mac)));
    }
  }

  @Test
  void messagesUpTo4096BytesAreAuthenticated() {
    String keyId = hmac(KeySpec.HMAC_384);
    SdkBytes largest = bytes(4096, 7);
    SdkBytes mac = mac(keyId, MacAlgorithmSpec.HMAC_SHA_384, largest);
    assertTrue(
        kms.verifyMac(
                b ->
                    b.keyId(keyId)
                        .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_384)
                        .message(largest)
                        .mac(mac))
            .macValid());
    assertValidationError(() -> mac(keyId, MacAlgorithmSpec.HMAC_SHA_384, bytes(4097, 7)));
  }

  @Test
  void anHmacKeyDoesNotEncrypt() {
    String keyId = hmac(KeySpec.HMAC_256);
    assertInvalidKeyUsage(() -> kms.encrypt(b -> b.keyId(keyId).plaintext(MESSAGE)));
    assertInvalidKeyUsage(
        () ->
            kms.encrypt(
                b ->
                    b.keyId(keyId)
                        .plaintext(MESSAGE)
                        .encryptionAlgorithm(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT)));
  }

  @Test
  void anHmacOrSymmetricKeyHasNoPublicKey() {
    for (String keyId : new String[] {hmac(KeySpec.HMAC_512), symmetricKey()}) {
      assertKmsError(
          UnsupportedOperationException.class,
          "UnsupportedOperationException",
          () -> kms.getPublicKey(b -> b.keyId(keyId)));
    }
  }

  private static void assertInvalidMac(Executable call) {
    assertKmsError(KmsInvalidMacException.class, "KMSInvalidMacException", call);
  }

  private static void assertInvalidKeyUsage(Executable call) {
    assertKmsError(InvalidKeyUsageException.class, "InvalidKeyUsageException", call);
  }
}
