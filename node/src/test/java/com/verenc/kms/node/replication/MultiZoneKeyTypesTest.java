package com.verenc.kms.node.replication;

import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.testkit.TestZones;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeyAgreementAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * Every key type can be multi-zone: the replica holds the same HMAC key or private key, so a MAC or
 * signature made in one zone verifies in the other, GetPublicKey answers the same key in both, an
 * RSA ciphertext made for one zone decrypts in the other and both derive the same shared secret.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiZoneKeyTypesTest {
  static final String A = "ch-gva-2";
  static final String B = "de-fra-1";
  static final SdkBytes MESSAGE = SdkBytes.fromUtf8String("webhook payload");

  TestZones zones;
  KmsClient a;
  KmsClient b;

  @BeforeAll
  void start(@TempDir Path dir) {
    zones = TestZones.start(dir, List.of(A, B));
    a = zones.client(A);
    b = zones.client(B);
  }

  @AfterAll
  void stop() {
    if (zones != null) {
      zones.close();
    }
  }

  private String replicated(String spec, KeyUsageType usage) {
    String keyId =
        a.createKey(r -> r.multiRegion(true).keySpec(spec).keyUsage(usage)).keyMetadata().keyId();
    a.replicateKey(r -> r.keyId(keyId).replicaRegion(B));
    KeyMetadata replica =
        eventually(
            "the " + spec + " replica is enabled in " + B,
            () -> {
              KeyMetadata m = b.describeKey(r -> r.keyId(keyId)).keyMetadata();
              return m.keyState() == KeyState.ENABLED ? m : null;
            });
    assertEquals(spec, replica.keySpecAsString());
    assertEquals(usage, replica.keyUsage());
    return keyId;
  }

  @Test
  void aMacMadeInOneZoneVerifiesInTheOther() {
    String keyId = replicated("HMAC_256", KeyUsageType.GENERATE_VERIFY_MAC);
    SdkBytes inA =
        a.generateMac(
                r -> r.keyId(keyId).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256).message(MESSAGE))
            .mac();
    SdkBytes inB =
        b.generateMac(
                r -> r.keyId(keyId).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256).message(MESSAGE))
            .mac();
    assertEquals(inA, inB, "both zones hold the same HMAC key");
    assertTrue(
        b.verifyMac(
                r ->
                    r.keyId(keyId)
                        .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                        .message(MESSAGE)
                        .mac(inA))
            .macValid());
  }

  @Test
  void aSignatureMadeInOneZoneVerifiesInTheOtherAndThePublicKeyIsTheSame() {
    String keyId = replicated("ECC_NIST_P256", KeyUsageType.SIGN_VERIFY);
    assertEquals(
        a.getPublicKey(r -> r.keyId(keyId)).publicKey(),
        b.getPublicKey(r -> r.keyId(keyId)).publicKey());
    SdkBytes signature =
        a.sign(
                r ->
                    r.keyId(keyId)
                        .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)
                        .message(MESSAGE))
            .signature();
    assertTrue(
        b.verify(
                r ->
                    r.keyId(keyId)
                        .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)
                        .message(MESSAGE)
                        .signature(signature))
            .signatureValid());
    SdkBytes fromB =
        b.sign(
                r ->
                    r.keyId(keyId)
                        .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)
                        .message(MESSAGE))
            .signature();
    assertTrue(
        a.verify(
                r ->
                    r.keyId(keyId)
                        .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)
                        .message(MESSAGE)
                        .signature(fromB))
            .signatureValid());
  }

  @Test
  void anRsaCiphertextMadeInOneZoneDecryptsInTheOther() {
    String keyId = replicated("RSA_2048", KeyUsageType.ENCRYPT_DECRYPT);
    SdkBytes ciphertext =
        a.encrypt(
                r ->
                    r.keyId(keyId)
                        .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)
                        .plaintext(MESSAGE))
            .ciphertextBlob();
    assertEquals(
        MESSAGE,
        b.decrypt(
                r ->
                    r.keyId(keyId)
                        .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)
                        .ciphertextBlob(ciphertext))
            .plaintext());
  }

  @Test
  void bothZonesDeriveTheSameSharedSecret() throws Exception {
    String keyId = replicated("ECC_NIST_P384", KeyUsageType.KEY_AGREEMENT);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPair peer = generator.generateKeyPair();
    SdkBytes peerKey = SdkBytes.fromByteArray(peer.getPublic().getEncoded());
    byte[] inA =
        a.deriveSharedSecret(
                r ->
                    r.keyId(keyId)
                        .keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH)
                        .publicKey(peerKey))
            .sharedSecret()
            .asByteArray();
    byte[] inB =
        b.deriveSharedSecret(
                r ->
                    r.keyId(keyId)
                        .keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH)
                        .publicKey(peerKey))
            .sharedSecret()
            .asByteArray();
    assertArrayEquals(inA, inB);
    assertEquals(48, inA.length);
  }
}
