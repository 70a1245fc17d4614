package com.verenc.kms.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MaterialFingerprintTest {

  private final byte[] secret = RandomBytes.next(32);

  @Test
  void sameMaterialSameFingerprintOtherwiseDifferent() {
    byte[] material = RandomBytes.next(32);
    byte[] fingerprint = MaterialFingerprint.of(secret, KeySpec.SYMMETRIC_DEFAULT, material);
    assertEquals(MaterialFingerprint.BYTES, fingerprint.length);
    assertArrayEquals(
        fingerprint, MaterialFingerprint.of(secret, KeySpec.SYMMETRIC_DEFAULT, material.clone()));
    assertTrue(
        MaterialFingerprint.matches(secret, KeySpec.SYMMETRIC_DEFAULT, material, fingerprint));

    byte[] other = material.clone();
    other[31] ^= 1;
    assertFalse(MaterialFingerprint.matches(secret, KeySpec.SYMMETRIC_DEFAULT, other, fingerprint));
    assertFalse(
        MaterialFingerprint.matches(
            RandomBytes.next(32), KeySpec.SYMMETRIC_DEFAULT, material, fingerprint));
  }

  @Test
  void isHmacSha256UnderAKeyDerivedFromTheSecret() {
    byte[] material = RandomBytes.next(48);
    byte[] key =
        Hkdf.deriveSha256(
            secret,
            null,
            "verenc-kms imported material fingerprint".getBytes(StandardCharsets.UTF_8),
            32);
    assertArrayEquals(
        Hmac.generate(MacAlgorithm.HMAC_SHA_256, key, material),
        MaterialFingerprint.of(secret, KeySpec.HMAC_384, material));
    // Never the secret itself as the HMAC key.
    assertFalse(
        MaterialFingerprint.equal(
            Hmac.generate(MacAlgorithm.HMAC_SHA_256, secret, material),
            MaterialFingerprint.of(secret, KeySpec.HMAC_384, material)));
  }

  @Test
  void aKeyPairMatchesWhateverPkcs8EncodingItIsReimportedIn() throws Exception {
    KeyPairGenerator bc = KeyPairGenerator.getInstance("EC", TestKeyPairs.BC);
    bc.initialize(new ECGenParameterSpec("secp256r1"));
    byte[] bcPkcs8 = bc.generateKeyPair().getPrivate().getEncoded();
    ECPrivateKey parsed = (ECPrivateKey) TestKeyPairs.privateKey(KeySpec.ECC_NIST_P256, bcPkcs8);
    byte[] jdkPkcs8 =
        KeyFactory.getInstance("EC")
            .generatePrivate(new ECPrivateKeySpec(parsed.getS(), parsed.getParams()))
            .getEncoded();
    // Bouncy Castle's carries the public point, the JDK's does not.
    assertFalse(Arrays.equals(bcPkcs8, jdkPkcs8));
    byte[] first = ImportedMaterial.validate(KeySpec.ECC_NIST_P256, bcPkcs8);
    byte[] again = ImportedMaterial.validate(KeySpec.ECC_NIST_P256, jdkPkcs8);
    byte[] fingerprint = MaterialFingerprint.of(secret, KeySpec.ECC_NIST_P256, first);
    assertTrue(MaterialFingerprint.matches(secret, KeySpec.ECC_NIST_P256, again, fingerprint));

    byte[] otherPair = TestKeyPairs.material(KeySpec.ECC_NIST_P256);
    assertFalse(MaterialFingerprint.matches(secret, KeySpec.ECC_NIST_P256, otherPair, fingerprint));
  }

  @Test
  void constantTimeEqualityIsPlainEquality() {
    byte[] a = RandomBytes.next(32);
    assertTrue(MaterialFingerprint.equal(a, a.clone()));
    byte[] b = a.clone();
    b[0] ^= (byte) 0x80;
    assertFalse(MaterialFingerprint.equal(a, b));
    assertFalse(MaterialFingerprint.equal(a, new byte[31]));
  }
}
