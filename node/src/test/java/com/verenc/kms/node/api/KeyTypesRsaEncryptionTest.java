package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.assertKmsError;
import static com.verenc.kms.node.api.KmsTestSupport.assertValidationError;
import static com.verenc.kms.node.api.KmsTestSupport.keyArn;
import static com.verenc.kms.node.api.KmsTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.ReEncryptResponse;

/**
 * Encrypt and Decrypt with RSA ENCRYPT_DECRYPT keys: RSAES_OAEP_SHA_1 and RSAES_OAEP_SHA_256, with
 * ciphertexts made offline from the public key as well as by the node.
 */
class KeyTypesRsaEncryptionTest extends KeyTypesFixture {

  private String rsa(KeySpec spec) {
    return key(spec, KeyUsageType.ENCRYPT_DECRYPT);
  }

  /** RSA OAEP offline, every parameter explicit: the hash and MGF1 over the same hash. */
  static byte[] encryptOffline(PublicKey key, EncryptionAlgorithmSpec algorithm, byte[] plaintext) {
    boolean sha1 = algorithm == EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1;
    try {
      Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
      cipher.init(
          Cipher.ENCRYPT_MODE,
          key,
          new OAEPParameterSpec(
              sha1 ? "SHA-1" : "SHA-256",
              "MGF1",
              sha1 ? MGF1ParameterSpec.SHA1 : MGF1ParameterSpec.SHA256,
              PSource.PSpecified.DEFAULT));
      return cipher.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private SdkBytes decrypt(String keyId, EncryptionAlgorithmSpec algorithm, SdkBytes ciphertext) {
    DecryptResponse r =
        kms.decrypt(b -> b.keyId(keyId).encryptionAlgorithm(algorithm).ciphertextBlob(ciphertext));
    assertEquals(keyArn(keyId), r.keyId());
    assertEquals(algorithm, r.encryptionAlgorithm());
    return r.plaintext();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "RSA_2048, RSAES_OAEP_SHA_1, 214",
    "RSA_2048, RSAES_OAEP_SHA_256, 190",
    "RSA_3072, RSAES_OAEP_SHA_1, 342",
    "RSA_3072, RSAES_OAEP_SHA_256, 318",
    "RSA_4096, RSAES_OAEP_SHA_1, 470",
    "RSA_4096, RSAES_OAEP_SHA_256, 446"
  })
  void offlineAndNodeCiphertextsUpToTheLargestPlaintextDecrypt(
      KeySpec spec, EncryptionAlgorithmSpec algorithm, int largest) {
    String keyId = rsa(spec);
    PublicKey publicKey = publicKey(keyId);
    int modulusBytes = Integer.parseInt(spec.toString().substring(4)) / 8;
    SdkBytes plaintext = bytes(largest, 0x5a);
    SdkBytes tooLong = bytes(largest + 1, 0x5a);

    SdkBytes offline =
        SdkBytes.fromByteArray(encryptOffline(publicKey, algorithm, plaintext.asByteArray()));
    assertEquals(plaintext, decrypt(keyId, algorithm, offline), "offline ciphertext decrypts");
    SdkBytes shortOffline =
        SdkBytes.fromByteArray(encryptOffline(publicKey, algorithm, "x".getBytes()));
    assertEquals(utf8("x"), decrypt(keyId, algorithm, shortOffline));

    EncryptResponse encrypted =
        kms.encrypt(b -> b.keyId(keyId).encryptionAlgorithm(algorithm).plaintext(plaintext));
    assertEquals(keyArn(keyId), encrypted.keyId());
    assertEquals(algorithm, encrypted.encryptionAlgorithm());
    assertEquals(modulusBytes, encrypted.ciphertextBlob().asByteArray().length);
    assertEquals(plaintext, decrypt(keyId, algorithm, encrypted.ciphertextBlob()));
    assertNotEquals(
        encrypted.ciphertextBlob(),
        kms.encrypt(b -> b.keyId(keyId).encryptionAlgorithm(algorithm).plaintext(plaintext))
            .ciphertextBlob(),
        "OAEP is randomised");

    assertValidationError(
        () -> kms.encrypt(b -> b.keyId(keyId).encryptionAlgorithm(algorithm).plaintext(tooLong)));
  }

  @Test
  void aCiphertextDecryptsOnlyWithItsKeyAndAlgorithm() {
    String keyId = rsa(KeySpec.RSA_2048);
    String other = newKey(KeySpec.RSA_2048, KeyUsageType.ENCRYPT_DECRYPT);
    SdkBytes sha256 =
        SdkBytes.fromByteArray(
            encryptOffline(
                publicKey(keyId), EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256, "secret".getBytes()));
    assertInvalidCiphertext(
        () -> decrypt(other, EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256, sha256));
    assertInvalidCiphertext(() -> decrypt(keyId, EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1, sha256));
    SdkBytes tampered = flipByte(sha256, 100);
    assertInvalidCiphertext(
        () -> decrypt(keyId, EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256, tampered));
    SdkBytes truncated = SdkBytes.fromByteArray(java.util.Arrays.copyOf(sha256.asByteArray(), 255));
    assertInvalidCiphertext(
        () -> decrypt(keyId, EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256, truncated));
    assertEquals(
        utf8("secret"), decrypt(keyId, EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256, sha256));
  }

  @Test
  void decryptingAnRsaCiphertextNeedsTheKeyId() {
    String keyId = rsa(KeySpec.RSA_2048);
    SdkBytes ciphertext =
        kms.encrypt(
                b ->
                    b.keyId(keyId)
                        .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)
                        .plaintext(utf8("named key")))
            .ciphertextBlob();
    assertValidationError(
        () ->
            kms.decrypt(
                b ->
                    b.ciphertextBlob(ciphertext)
                        .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)));
  }

  @Test
  void anRsaCiphertextCannotBeBoundToAnEncryptionContext() {
    String keyId = rsa(KeySpec.RSA_2048);
    Map<String, String> context = Map.of("tenant", "a");
    assertValidationError(
        () ->
            kms.encrypt(
                b ->
                    b.keyId(keyId)
                        .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1)
                        .encryptionContext(context)
                        .plaintext(utf8("x"))));
    SdkBytes ciphertext =
        kms.encrypt(
                b ->
                    b.keyId(keyId)
                        .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1)
                        .plaintext(utf8("x")))
            .ciphertextBlob();
    assertValidationError(
        () ->
            kms.decrypt(
                b ->
                    b.keyId(keyId)
                        .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1)
                        .encryptionContext(context)
                        .ciphertextBlob(ciphertext)));
  }

  @Test
  void anRsaKeyRefusesTheSymmetricAlgorithm() {
    String keyId = rsa(KeySpec.RSA_3072);
    assertInvalidKeyUsage(() -> kms.encrypt(b -> b.keyId(keyId).plaintext(utf8("x"))));
    assertInvalidKeyUsage(
        () ->
            kms.encrypt(
                b ->
                    b.keyId(keyId)
                        .plaintext(utf8("x"))
                        .encryptionAlgorithm(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT)));
  }

  @Test
  void aSymmetricKeyRefusesTheRsaAlgorithms() {
    String keyId = symmetricKey();
    for (EncryptionAlgorithmSpec algorithm :
        new EncryptionAlgorithmSpec[] {
          EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1, EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256
        }) {
      assertInvalidKeyUsage(
          () ->
              kms.encrypt(b -> b.keyId(keyId).plaintext(utf8("x")).encryptionAlgorithm(algorithm)));
      assertInvalidKeyUsage(() -> decrypt(keyId, algorithm, bytes(256, 1)));
    }
  }

  @Test
  void anRsaSigningKeyDoesNotEncrypt() {
    String keyId = key(KeySpec.RSA_2048, KeyUsageType.SIGN_VERIFY);
    assertInvalidKeyUsage(
        () ->
            kms.encrypt(
                b ->
                    b.keyId(keyId)
                        .plaintext(utf8("x"))
                        .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)));
  }

  @Test
  void reEncryptMovesAnRsaCiphertextToASymmetricKeyAndBack() {
    String rsaKey = rsa(KeySpec.RSA_2048);
    String symmetric = symmetricKey();
    Map<String, String> context = Map.of("purpose", "re-encrypt");
    SdkBytes offline =
        SdkBytes.fromByteArray(
            encryptOffline(
                publicKey(rsaKey), EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1, "moved".getBytes()));

    ReEncryptResponse toSymmetric =
        kms.reEncrypt(
            b ->
                b.ciphertextBlob(offline)
                    .sourceKeyId(rsaKey)
                    .sourceEncryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1)
                    .destinationKeyId(symmetric)
                    .destinationEncryptionContext(context));
    assertEquals(keyArn(rsaKey), toSymmetric.sourceKeyId());
    assertEquals(keyArn(symmetric), toSymmetric.keyId());
    assertEquals(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1, toSymmetric.sourceEncryptionAlgorithm());
    assertEquals(
        EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT, toSymmetric.destinationEncryptionAlgorithm());
    DecryptResponse opened =
        kms.decrypt(b -> b.ciphertextBlob(toSymmetric.ciphertextBlob()).encryptionContext(context));
    assertEquals(keyArn(symmetric), opened.keyId());
    assertArrayEquals("moved".getBytes(), opened.plaintext().asByteArray());

    ReEncryptResponse back =
        kms.reEncrypt(
            b ->
                b.ciphertextBlob(toSymmetric.ciphertextBlob())
                    .sourceEncryptionContext(context)
                    .destinationKeyId(rsaKey)
                    .destinationEncryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256));
    assertEquals(keyArn(rsaKey), back.keyId());
    assertEquals(256, back.ciphertextBlob().asByteArray().length);
    assertEquals(
        utf8("moved"),
        decrypt(rsaKey, EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256, back.ciphertextBlob()));
  }

  private static void assertInvalidCiphertext(Executable call) {
    assertKmsError(InvalidCiphertextException.class, "InvalidCiphertextException", call);
  }

  private static void assertInvalidKeyUsage(Executable call) {
    assertKmsError(InvalidKeyUsageException.class, "InvalidKeyUsageException", call);
  }
}
