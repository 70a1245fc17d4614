package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeyAgreementAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * HMAC, ECC and RSA keys survive a restart of the node on the same data: the same key material
 * (MACs, signatures and ciphertexts made before still verify and decrypt) and the same metadata.
 */
class KeyTypesRestartTest extends KeyTypesFixture {

  @Test
  void macsSignaturesPublicKeysAndRsaCiphertextsSurviveARestart() {
    SdkBytes message = utf8("made before the restart");
    String hmac = newKey(KeySpec.HMAC_512, KeyUsageType.GENERATE_VERIFY_MAC);
    String ecc = newKey(KeySpec.ECC_SECG_P256_K1, KeyUsageType.SIGN_VERIFY);
    String rsa = newKey(KeySpec.RSA_2048, KeyUsageType.ENCRYPT_DECRYPT);
    String agreement = newKey(KeySpec.ECC_NIST_P384, KeyUsageType.KEY_AGREEMENT);

    SdkBytes mac =
        kms.generateMac(
                b -> b.keyId(hmac).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_512).message(message))
            .mac();
    SdkBytes signature =
        kms.sign(
                b ->
                    b.keyId(ecc)
                        .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)
                        .message(message))
            .signature();
    SdkBytes eccPublic = kms.getPublicKey(b -> b.keyId(ecc)).publicKey();
    SdkBytes rsaPublic = kms.getPublicKey(b -> b.keyId(rsa)).publicKey();
    SdkBytes ciphertext =
        kms.encrypt(
                b ->
                    b.keyId(rsa)
                        .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)
                        .plaintext(message))
            .ciphertextBlob();
    SdkBytes offlineCiphertext =
        SdkBytes.fromByteArray(
            KeyTypesRsaEncryptionTest.encryptOffline(
                decodePublic(KeySpec.RSA_2048, rsaPublic.asByteArray()),
                EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1,
                message.asByteArray()));
    SdkBytes peer =
        SdkBytes.fromByteArray(
            KeyTypesKeyAgreementTest.peerPair("secp384r1", null).getPublic().getEncoded());
    SdkBytes secret =
        kms.deriveSharedSecret(
                b ->
                    b.keyId(agreement)
                        .keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH)
                        .publicKey(peer))
            .sharedSecret();
    KeyMetadata[] before = {describe(hmac), describe(ecc), describe(rsa), describe(agreement)};

    restartNode();

    assertTrue(
        kms.verifyMac(
                b ->
                    b.keyId(hmac)
                        .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_512)
                        .message(message)
                        .mac(mac))
            .macValid());
    assertEquals(
        mac,
        kms.generateMac(
                b -> b.keyId(hmac).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_512).message(message))
            .mac(),
        "the same HMAC key");
    assertTrue(
        kms.verify(
                b ->
                    b.keyId(ecc)
                        .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)
                        .message(message)
                        .signature(signature))
            .signatureValid());
    assertEquals(eccPublic, kms.getPublicKey(b -> b.keyId(ecc)).publicKey());
    assertEquals(rsaPublic, kms.getPublicKey(b -> b.keyId(rsa)).publicKey());
    assertTrue(
        jcaVerifies(
            SigningAlgorithmSpec.ECDSA_SHA_256,
            BC,
            decodePublic(KeySpec.ECC_SECG_P256_K1, eccPublic.asByteArray()),
            message.asByteArray(),
            signature.asByteArray()));
    assertEquals(
        message,
        kms.decrypt(
                b ->
                    b.keyId(rsa)
                        .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)
                        .ciphertextBlob(ciphertext))
            .plaintext());
    assertEquals(
        message,
        kms.decrypt(
                b ->
                    b.keyId(rsa)
                        .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1)
                        .ciphertextBlob(offlineCiphertext))
            .plaintext());
    assertEquals(
        secret,
        kms.deriveSharedSecret(
                b ->
                    b.keyId(agreement)
                        .keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH)
                        .publicKey(peer))
            .sharedSecret());
    KeyMetadata[] after = {describe(hmac), describe(ecc), describe(rsa), describe(agreement)};
    for (int i = 0; i < before.length; i++) {
      assertEquals(before[i], after[i], "metadata of " + before[i].keyId());
    }
  }
}
