package com.verenc.kms.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Failures of the HMAC, RSA and ECC operations, including their causes, name no fragment of a
 * private key, HMAC key or private key encoding.
 */
class NoKeyMaterialInAsymmetricMessagesTest {

  @Test
  void failuresDoNotLeakKeyBytes() {
    byte[] rsaMaterial = TestKeyPairs.material(KeySpec.RSA_2048);
    byte[] ecMaterial = TestKeyPairs.material(KeySpec.ECC_NIST_P256);
    AsymmetricKey rsa = TestKeyPairs.key(KeySpec.RSA_2048);
    AsymmetricKey ec = TestKeyPairs.key(KeySpec.ECC_NIST_P256);
    byte[] hmacKey = Hmac.newKey(KeySpec.HMAC_256);

    List<byte[]> secrets = new ArrayList<>();
    secrets.add(hmacKey);
    secrets.add(AsymmetricKeys.privateKeyDer(rsaMaterial));
    secrets.add(AsymmetricKeys.privateKeyDer(ecMaterial));
    secrets.add(unsigned(((RSAPrivateCrtKey) rsa.privateKey()).getPrivateExponent()));
    secrets.add(unsigned(((RSAPrivateCrtKey) rsa.privateKey()).getPrimeP()));
    secrets.add(unsigned(((ECPrivateKey) ec.privateKey()).getS()));

    byte[] corruptEc = AsymmetricKeys.privateKeyDer(ecMaterial);
    corruptEc[corruptEc.length - 40] ^= 0x7f;
    corruptEc[3] ^= 0x7f;
    byte[] corruptEcMaterial =
        AsymmetricKeys.encode(corruptEc, AsymmetricKeys.publicKeyDer(ecMaterial));
    byte[] rsaCiphertext =
        RsaOaep.encrypt(rsa, EncryptionAlgorithm.RSAES_OAEP_SHA_256, new byte[] {1});
    rsaCiphertext[5] ^= 1;

    List<Executable> failures =
        List.of(
            () -> AsymmetricKeys.decode(KeySpec.RSA_3072, rsaMaterial),
            () -> AsymmetricKeys.decode(KeySpec.ECC_NIST_P384, ecMaterial),
            () -> AsymmetricKeys.decode(KeySpec.ECC_NIST_P256, corruptEcMaterial),
            () -> AsymmetricKeys.decode(KeySpec.RSA_2048, Arrays.copyOf(rsaMaterial, 600)),
            () -> AsymmetricKeys.decode(KeySpec.ECC_NIST_P256, rsaMaterial),
            () -> Hmac.generate(KeySpec.HMAC_256, MacAlgorithm.HMAC_SHA_256, hmacKey, null),
            () ->
                Hmac.generate(
                    KeySpec.HMAC_256,
                    MacAlgorithm.HMAC_SHA_256,
                    Arrays.copyOf(hmacKey, 31),
                    new byte[1]),
            () -> Hmac.generate(KeySpec.HMAC_256, MacAlgorithm.HMAC_SHA_512, hmacKey, new byte[1]),
            () ->
                Signatures.sign(
                    rsa, SigningAlgorithm.RSASSA_PSS_SHA_256, MessageType.DIGEST, new byte[31]),
            () -> Signatures.sign(ec, SigningAlgorithm.ECDSA_SHA_384, MessageType.RAW, new byte[1]),
            () -> RsaOaep.decrypt(rsa, EncryptionAlgorithm.RSAES_OAEP_SHA_256, rsaCiphertext),
            () -> RsaOaep.encrypt(rsa, EncryptionAlgorithm.RSAES_OAEP_SHA_1, new byte[215]),
            () ->
                Ecdh.deriveSharedSecret(
                    ec,
                    KeyAgreementAlgorithm.ECDH,
                    AsymmetricKeys.publicKeyDer(TestKeyPairs.material(KeySpec.ECC_NIST_P521))),
            () ->
                Ecdh.deriveSharedSecret(
                    ec, KeyAgreementAlgorithm.ECDH, AsymmetricKeys.privateKeyDer(ecMaterial)));

    for (Executable failure : failures) {
      RuntimeException e = assertThrows(RuntimeException.class, failure);
      for (Throwable t = e; t != null; t = t.getCause()) {
        assertNoFragment(String.valueOf(t.getMessage()), secrets);
      }
    }
    assertNoFragment(rsa.toString() + ec.toString(), secrets);
    assertNoFragment(AsymmetricKeys.generateDataKeyPair(KeySpec.ECC_NIST_P256).toString(), secrets);
  }

  private static void assertNoFragment(String message, List<byte[]> secrets) {
    for (byte[] secret : secrets) {
      for (String fragment : fragments(secret)) {
        assertFalse(message.contains(fragment), () -> "message leaks key material: " + message);
      }
    }
  }

  // Four-byte windows in hex, either case, and eight-character windows of the base64 form.
  private static List<String> fragments(byte[] secret) {
    List<String> fragments = new ArrayList<>();
    String hex = HexFormat.of().formatHex(secret);
    for (int i = 0; i + 8 <= hex.length(); i += 2) {
      fragments.add(hex.substring(i, i + 8));
      fragments.add(hex.substring(i, i + 8).toUpperCase());
    }
    String base64 = Base64.getEncoder().encodeToString(secret);
    for (int i = 0; i + 8 <= base64.length(); i++) {
      fragments.add(base64.substring(i, i + 8));
    }
    return fragments;
  }

  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }
}
