package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.assertKmsError;
import static com.verenc.kms.node.api.KmsTestSupport.assertValidationError;
import static com.verenc.kms.node.api.KmsTestSupport.keyArn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.DeriveSharedSecretResponse;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeyAgreementAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/** DeriveSharedSecret with KEY_AGREEMENT keys on the NIST curves, checked against offline ECDH. */
class KeyTypesKeyAgreementTest extends KeyTypesFixture {

  static KeyPair peerPair(String curve, Provider provider) {
    try {
      KeyPairGenerator generator =
          provider == null
              ? KeyPairGenerator.getInstance("EC")
              : KeyPairGenerator.getInstance("EC", provider);
      generator.initialize(new ECGenParameterSpec(curve));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] ecdhOffline(PrivateKey mine, PublicKey theirs) {
    try {
      KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
      agreement.init(mine);
      agreement.doPhase(theirs, true);
      return agreement.generateSecret();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private DeriveSharedSecretResponse derive(String keyId, byte[] peerPublicKey) {
    return kms.deriveSharedSecret(
        b ->
            b.keyId(keyId)
                .keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH)
                .publicKey(SdkBytes.fromByteArray(peerPublicKey)));
  }

  private String agreementKey(KeySpec spec) {
    return key(spec, KeyUsageType.KEY_AGREEMENT);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ECC_NIST_P256, secp256r1, 32",
    "ECC_NIST_P384, secp384r1, 48",
    "ECC_NIST_P521, secp521r1, 66"
  })
  void theSharedSecretIsTheOneThePeerDerivesOffline(KeySpec spec, String curve, int secretBytes) {
    String keyId = agreementKey(spec);
    KeyPair peer = peerPair(curve, null);

    DeriveSharedSecretResponse r = derive(keyId, peer.getPublic().getEncoded());
    byte[] expected = ecdhOffline(peer.getPrivate(), publicKey(keyId));
    assertEquals(secretBytes, expected.length);
    assertArrayEquals(expected, r.sharedSecret().asByteArray());
    assertEquals(keyArn(keyId), r.keyId());
    assertEquals(KeyAgreementAlgorithmSpec.ECDH, r.keyAgreementAlgorithm());
    assertEquals(OriginType.AWS_KMS, r.keyOrigin());

    KeyPair another = peerPair(curve, null);
    assertNotEquals(
        r.sharedSecret(), derive(keyId, another.getPublic().getEncoded()).sharedSecret());
  }

  @Test
  void twoKmsKeysAgreeOnTheSameSecret() {
    String alice = agreementKey(KeySpec.ECC_NIST_P256);
    String bob = newKey(KeySpec.ECC_NIST_P256, KeyUsageType.KEY_AGREEMENT);
    byte[] alicePublic = kms.getPublicKey(b -> b.keyId(alice)).publicKey().asByteArray();
    byte[] bobPublic = kms.getPublicKey(b -> b.keyId(bob)).publicKey().asByteArray();
    assertEquals(derive(alice, bobPublic).sharedSecret(), derive(bob, alicePublic).sharedSecret());
  }

  @Test
  void aPeerKeyThatIsNotOnTheKeysCurveIsInvalid() {
    String p256 = agreementKey(KeySpec.ECC_NIST_P256);
    String p384 = agreementKey(KeySpec.ECC_NIST_P384);
    byte[] onP384 = peerPair("secp384r1", null).getPublic().getEncoded();
    byte[] onP521 = peerPair("secp521r1", null).getPublic().getEncoded();
    // Same field size as P-256, another curve.
    byte[] onSecp256k1 = peerPair("secp256k1", BC).getPublic().getEncoded();
    byte[] onP256 = peerPair("secp256r1", null).getPublic().getEncoded();

    assertValidationError(() -> derive(p256, onP384));
    assertValidationError(() -> derive(p256, onP521));
    assertValidationError(() -> derive(p256, onSecp256k1));
    assertValidationError(() -> derive(p384, onP256));
  }

  @Test
  void aPeerKeyThatIsNotAnEcPublicKeyIsInvalid() {
    String keyId = agreementKey(KeySpec.ECC_NIST_P256);
    byte[] rsaPublic =
        kms.getPublicKey(b -> b.keyId(key(KeySpec.RSA_2048, KeyUsageType.SIGN_VERIFY)))
            .publicKey()
            .asByteArray();
    byte[] truncated = peerPair("secp256r1", null).getPublic().getEncoded();
    truncated = java.util.Arrays.copyOf(truncated, truncated.length - 5);
    byte[] cut = truncated;

    assertValidationError(() -> derive(keyId, rsaPublic));
    assertValidationError(() -> derive(keyId, cut));
    assertValidationError(() -> derive(keyId, "not a key".getBytes()));
  }

  @Test
  void onlyKeyAgreementKeysDeriveSecrets() {
    byte[] peer = peerPair("secp256r1", null).getPublic().getEncoded();
    for (String keyId :
        new String[] {
          key(KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY),
          key(KeySpec.RSA_2048, KeyUsageType.SIGN_VERIFY),
          symmetricKey()
        }) {
      assertInvalidKeyUsage(() -> derive(keyId, peer));
    }
    String agreement = agreementKey(KeySpec.ECC_NIST_P256);
    assertInvalidKeyUsage(
        () ->
            kms.sign(
                b ->
                    b.keyId(agreement)
                        .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)
                        .message(SdkBytes.fromUtf8String("x"))));
  }

  private static void assertInvalidKeyUsage(Executable call) {
    assertKmsError(InvalidKeyUsageException.class, "InvalidKeyUsageException", call);
  }
}
