package com.verenc.kms.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EcdhTest {

  private static final Map<KeySpec, String> CURVES =
      Map.of(
          KeySpec.ECC_NIST_P256, "secp256r1",
          KeySpec.ECC_NIST_P384, "secp384r1",
          KeySpec.ECC_NIST_P521, "secp521r1");

  @ParameterizedTest
  @EnumSource(
      value = KeySpec.class,
      names = {"ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521"})
  void secretEqualsThePeersOwnDerivation(KeySpec spec) throws Exception {
    AsymmetricKey key = TestKeyPairs.key(spec);
    KeyPair peer = peer(CURVES.get(spec));

    byte[] secret =
        Ecdh.deriveSharedSecret(key, KeyAgreementAlgorithm.ECDH, peer.getPublic().getEncoded());

    // The peer's side, with the public key as GetPublicKey hands it out: JDK and Bouncy Castle.
    var ours =
        TestKeyPairs.publicKey(spec, AsymmetricKeys.publicKeyDer(TestKeyPairs.material(spec)));
    KeyAgreement jdk = KeyAgreement.getInstance("ECDH");
    jdk.init(peer.getPrivate());
    jdk.doPhase(ours, true);
    assertArrayEquals(jdk.generateSecret(), secret);
    KeyAgreement bc = KeyAgreement.getInstance("ECDH", TestKeyPairs.BC);
    bc.init(peer.getPrivate());
    bc.doPhase(ours, true);
    assertArrayEquals(bc.generateSecret(), secret);
    assertEquals((spec.keyBits() + 7) / 8, secret.length);
  }

  @Test
  void peerOnAnotherCurveIsRefused() throws Exception {
    AsymmetricKey key = TestKeyPairs.key(KeySpec.ECC_NIST_P256);
    assertInvalid(key, peer("secp384r1").getPublic().getEncoded());
    assertInvalid(key, peer("secp521r1").getPublic().getEncoded());
    assertInvalid(key, AsymmetricKeys.generateDataKeyPair(KeySpec.ECC_SECG_P256K1).publicKeyDer());
    assertInvalid(
        TestKeyPairs.key(KeySpec.ECC_NIST_P384), peer("secp256r1").getPublic().getEncoded());
  }

  @Test
  void peerKeysThatAreNotEcPublicKeysAreRefused() throws Exception {
    AsymmetricKey key = TestKeyPairs.key(KeySpec.ECC_NIST_P256);
    assertInvalid(key, AsymmetricKeys.publicKeyDer(TestKeyPairs.material(KeySpec.RSA_2048)));
    assertInvalid(key, new byte[0]);
    assertInvalid(key, RandomBytes.next(91));
    assertInvalid(key, AsymmetricKeys.privateKeyDer(TestKeyPairs.material(KeySpec.ECC_NIST_P256)));
    byte[] spki = peer("secp256r1").getPublic().getEncoded();
    assertInvalid(key, Arrays.copyOf(spki, spki.length - 1));
  }

  @Test
  void pointOffTheCurveIsRefused() throws Exception {
    AsymmetricKey key = TestKeyPairs.key(KeySpec.ECC_NIST_P256);
    byte[] spki = peer("secp256r1").getPublic().getEncoded();
    // The last byte is the low byte of y: changed, (x, y) is no longer on the curve.
    spki[spki.length - 1] ^= 0x01;
    assertInvalid(key, spki);
  }

  @Test
  void keysWithoutKeyAgreementAreRefused() throws Exception {
    byte[] peer = peer("secp256r1").getPublic().getEncoded();
    for (KeySpec spec : new KeySpec[] {KeySpec.ECC_SECG_P256K1, KeySpec.RSA_2048}) {
      AsymmetricKey key = TestKeyPairs.key(spec);
      assertThrows(
          IncompatibleAlgorithmException.class,
          () -> Ecdh.deriveSharedSecret(key, KeyAgreementAlgorithm.ECDH, peer));
    }
  }

  private static void assertInvalid(AsymmetricKey key, byte[] peerPublicKeyDer) {
    assertThrows(
        InvalidInputException.class,
        () -> Ecdh.deriveSharedSecret(key, KeyAgreementAlgorithm.ECDH, peerPublicKeyDer));
  }

  private static KeyPair peer(String curve) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec(curve));
    return generator.generateKeyPair();
  }
}
