package com.verenc.kms.node.reliability.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.testkit.TestDatabase;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeyAgreementAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * HMAC, signing, RSA encryption and key agreement keys survive SIGKILL: a node process is killed
 * right after its keys answered, restarted on the same database, and every MAC, signature,
 * ciphertext, public key and shared secret made before the kill still checks out.
 */
class KeyTypesKillNineTest {
  private static final String ZONE = "ch-gva-2";
  private static final SdkBytes MESSAGE = SdkBytes.fromUtf8String("made before the kill");

  @TempDir Path dir;

  @Test
  void h2NodeKilledKeepsEveryKeyTypeUsable() throws Exception {
    killAndCheck("h2", TestDatabase.h2(dir.resolve("data")));
  }

  @Test
  void postgresNodeKilledKeepsEveryKeyTypeUsable() throws Exception {
    TestDatabase database = TestDatabase.freshPostgres(dir.resolve("data"));
    try {
      killAndCheck("postgres", database);
    } finally {
      database.drop();
    }
  }

  private void killAndCheck(String kind, TestDatabase database) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair peer = generator.generateKeyPair();
    SdkBytes peerKey = SdkBytes.fromByteArray(peer.getPublic().getEncoded());
    try (NodeProcess node =
        NodeProcess.start("key-types-" + kind, NodeProcess.environment(ZONE, database), dir)) {
      String hmac;
      String signing;
      String rsa;
      String agreement;
      SdkBytes mac;
      SdkBytes signature;
      SdkBytes publicKey;
      SdkBytes ciphertext;
      SdkBytes sharedSecret;
      try (KmsClient kms = ProcessClients.client(node.endpoint(), ZONE)) {
        hmac = create(kms, "HMAC_384", KeyUsageType.GENERATE_VERIFY_MAC);
        signing = create(kms, "ECC_SECG_P256K1", KeyUsageType.SIGN_VERIFY);
        rsa = create(kms, "RSA_3072", KeyUsageType.ENCRYPT_DECRYPT);
        agreement = create(kms, "ECC_NIST_P256", KeyUsageType.KEY_AGREEMENT);
        mac =
            kms.generateMac(
                    r -> r.keyId(hmac).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_384).message(MESSAGE))
                .mac();
        signature =
            kms.sign(
                    r ->
                        r.keyId(signing)
                            .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)
                            .message(MESSAGE))
                .signature();
        publicKey = kms.getPublicKey(r -> r.keyId(signing)).publicKey();
        ciphertext =
            kms.encrypt(
                    r ->
                        r.keyId(rsa)
                            .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1)
                            .plaintext(MESSAGE))
                .ciphertextBlob();
        sharedSecret =
            kms.deriveSharedSecret(
                    r ->
                        r.keyId(agreement)
                            .keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH)
                            .publicKey(peerKey))
                .sharedSecret();
      }

      node.kill();
      node.restart();

      try (KmsClient kms = ProcessClients.client(node.endpoint(), ZONE, Duration.ofSeconds(30))) {
        assertTrue(
            kms.verifyMac(
                    r ->
                        r.keyId(hmac)
                            .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_384)
                            .message(MESSAGE)
                            .mac(mac))
                .macValid());
        assertTrue(
            kms.verify(
                    r ->
                        r.keyId(signing)
                            .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)
                            .message(MESSAGE)
                            .signature(signature))
                .signatureValid());
        assertEquals(publicKey, kms.getPublicKey(r -> r.keyId(signing)).publicKey());
        assertEquals(
            MESSAGE,
            kms.decrypt(
                    r ->
                        r.keyId(rsa)
                            .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1)
                            .ciphertextBlob(ciphertext))
                .plaintext());
        assertEquals(
            sharedSecret,
            kms.deriveSharedSecret(
                    r ->
                        r.keyId(agreement)
                            .keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH)
                            .publicKey(peerKey))
                .sharedSecret());
      }
    }
  }

  private static String create(KmsClient kms, String spec, KeyUsageType usage) {
    return kms.createKey(r -> r.keySpec(spec).keyUsage(usage)).keyMetadata().keyId();
  }
}
