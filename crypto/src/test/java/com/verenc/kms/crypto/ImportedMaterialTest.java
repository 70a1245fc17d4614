package com.verenc.kms.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ImportedMaterialTest {

  static List<KeySpec> asymmetricSpecs() {
    return TestKeyPairs.asymmetricSpecs();
  }

  @Test
  void symmetricMaterialIsExactly32Bytes() {
    byte[] material = RandomBytes.next(32);
    byte[] stored = ImportedMaterial.validate(KeySpec.SYMMETRIC_DEFAULT, material);
    assertArrayEquals(material, stored);
    assertNotSame(material, stored);
    for (int length : new int[] {0, 16, 31, 33, 64}) {
      InvalidInputException e = assertRefused(KeySpec.SYMMETRIC_DEFAULT, RandomBytes.next(length));
      assertEquals(
          "Key material for a SYMMETRIC_DEFAULT key must be 32 bytes, got " + length,
          e.getMessage());
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = KeySpec.class,
      names = {"HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512"})
  void hmacMaterialIsFromTheKeySizeToTheHashBlockSize(KeySpec spec) {
    int min = spec.keyBits() / 8;
    int max = spec.keyBits() <= 256 ? 64 : 128;
    for (int length : new int[] {min, (min + max) / 2, max}) {
      byte[] material = RandomBytes.next(length);
      byte[] stored = ImportedMaterial.validate(spec, material);
      assertArrayEquals(material, stored);
      // What is stored works as that spec's key.
      MacAlgorithm algorithm = spec.macAlgorithms().get(0);
      byte[] mac = Hmac.generate(spec, algorithm, stored, new byte[] {1});
      assertTrue(Hmac.verify(spec, algorithm, stored, new byte[] {1}, mac));
    }
    for (int length : new int[] {0, min - 1, max + 1}) {
      InvalidInputException e = assertRefused(spec, RandomBytes.next(length));
      assertEquals(
          "Key material for a "
              + spec
              + " key must be "
              + min
              + " to "
              + max
              + " bytes, got "
              + length,
          e.getMessage());
    }
  }

  /** An imported copy of a generated key pair is stored byte for byte as the generated one. */
  @ParameterizedTest
  @MethodSource("asymmetricSpecs")
  void anImportedKeyPairIsStoredLikeAGeneratedOne(KeySpec spec) {
    byte[] generated = TestKeyPairs.material(spec);
    byte[] stored = ImportedMaterial.validate(spec, AsymmetricKeys.privateKeyDer(generated));
    assertArrayEquals(AsymmetricKeys.publicKeyDer(generated), AsymmetricKeys.publicKeyDer(stored));
    AsymmetricKeys.decode(spec, stored);
    if (spec != KeySpec.ECC_SECG_P256K1) {
      // Bouncy Castle (secp256k1 only) writes the public point into PKCS #8; the JDK does not.
      assertArrayEquals(generated, stored);
    }
  }

  /**
   * A key generated elsewhere (Bouncy Castle, public point inside) signs under its derived SPKI.
   */
  @ParameterizedTest
  @MethodSource("asymmetricSpecs")
  void aForeignKeyPairSignsAndVerifiesWithTheDerivedPublicKey(KeySpec spec) throws Exception {
    KeyPair pair;
    if (spec.isRsa()) {
      pair = keyPairFromMaterial(spec);
    } else {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", TestKeyPairs.BC);
      generator.initialize(new ECGenParameterSpec(spec.curveName()));
      pair = generator.generateKeyPair();
    }
    byte[] stored = ImportedMaterial.validate(spec, pair.getPrivate().getEncoded());
    byte[] expectedSpki = TestKeyPairs.publicKey(spec, pair.getPublic().getEncoded()).getEncoded();
    assertArrayEquals(expectedSpki, AsymmetricKeys.publicKeyDer(stored));

    SigningAlgorithm algorithm = spec.signingAlgorithms().get(0);
    byte[] message = "imported".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] signature =
        Signatures.sign(AsymmetricKeys.decode(spec, stored), algorithm, MessageType.RAW, message);
    Signature verifier = TestKeyPairs.jcaSignature(spec, algorithm);
    verifier.initVerify(pair.getPublic());
    verifier.update(message);
    assertTrue(verifier.verify(signature));
  }

  @Test
  void asymmetricMaterialOfAnotherSpecIsRefused() {
    byte[] rsa2048 = privateDer(KeySpec.RSA_2048);
    byte[] p256 = privateDer(KeySpec.ECC_NIST_P256);
    byte[] k1 = privateDer(KeySpec.ECC_SECG_P256K1);
    String rsaMessage =
        "Key material for a RSA_3072 key must be a DER PKCS #8 RSA private key with a 3072-bit"
            + " modulus";
    assertEquals(rsaMessage, assertRefused(KeySpec.RSA_3072, rsa2048).getMessage());
    assertEquals(rsaMessage, assertRefused(KeySpec.RSA_3072, p256).getMessage());
    String p256Message =
        "Key material for a ECC_NIST_P256 key must be a DER PKCS #8 EC private key on curve"
            + " secp256r1";
    assertEquals(p256Message, assertRefused(KeySpec.ECC_NIST_P256, k1).getMessage());
    assertEquals(
        p256Message,
        assertRefused(KeySpec.ECC_NIST_P256, privateDer(KeySpec.ECC_NIST_P384)).getMessage());
    assertEquals(p256Message, assertRefused(KeySpec.ECC_NIST_P256, rsa2048).getMessage());
    assertRefused(KeySpec.ECC_SECG_P256K1, p256);
    assertRefused(KeySpec.ECC_NIST_P521, p256);
    // The public key instead of the private one, a whole material, 32 random bytes.
    assertRefused(
        KeySpec.ECC_NIST_P256,
        AsymmetricKeys.publicKeyDer(TestKeyPairs.material(KeySpec.ECC_NIST_P256)));
    assertRefused(KeySpec.RSA_2048, TestKeyPairs.material(KeySpec.RSA_2048));
    assertRefused(KeySpec.RSA_2048, RandomBytes.next(32));
    assertRefused(KeySpec.ECC_NIST_P384, new byte[0]);
  }

  @Test
  void anInconsistentRsaKeyIsRefused() throws Exception {
    RSAPrivateCrtKey crt =
        (RSAPrivateCrtKey) TestKeyPairs.privateKey(KeySpec.RSA_2048, privateDer(KeySpec.RSA_2048));
    KeyFactory factory = KeyFactory.getInstance("RSA");
    byte[] wrongExponent =
        factory
            .generatePrivate(
                new RSAPrivateCrtKeySpec(
                    crt.getModulus(),
                    crt.getPublicExponent(),
                    crt.getPrivateExponent(),
                    crt.getPrimeP(),
                    crt.getPrimeQ(),
                    crt.getPrimeExponentP().add(BigInteger.TWO),
                    crt.getPrimeExponentQ(),
                    crt.getCrtCoefficient()))
            .getEncoded();
    assertEquals(
        "Key material for a RSA_2048 key is not a consistent RSA private key",
        assertRefused(KeySpec.RSA_2048, wrongExponent).getMessage());
  }

  @Test
  void anEcPrivateValueOutsideTheGroupOrderIsRefused() throws Exception {
    ECPrivateKey ec =
        (ECPrivateKey)
            TestKeyPairs.privateKey(KeySpec.ECC_NIST_P256, privateDer(KeySpec.ECC_NIST_P256));
    BigInteger n = ec.getParams().getOrder();
    for (BigInteger d : new BigInteger[] {BigInteger.ZERO, n, n.add(BigInteger.ONE)}) {
      assertRefused(KeySpec.ECC_NIST_P256, p256Pkcs8(d));
    }
    // The same hand-made encoding with a valid value is accepted.
    ImportedMaterial.validate(KeySpec.ECC_NIST_P256, p256Pkcs8(ec.getS()));
  }

  @Test
  void refusalsQuoteNoKeyBytes() {
    byte[] rsa = privateDer(KeySpec.RSA_2048);
    byte[] ec = privateDer(KeySpec.ECC_NIST_P256);
    byte[] secret = RandomBytes.next(33);
    List<String> messages =
        List.of(
            assertRefused(KeySpec.RSA_3072, rsa).getMessage(),
            assertRefused(KeySpec.ECC_NIST_P384, ec).getMessage(),
            assertRefused(KeySpec.SYMMETRIC_DEFAULT, secret).getMessage(),
            assertRefused(KeySpec.HMAC_224, Arrays.copyOf(secret, 20)).getMessage());
    for (String message : messages) {
      for (byte[] key : List.of(rsa, ec, secret)) {
        String hex = HexFormat.of().formatHex(key);
        for (int i = 0; i + 8 <= hex.length(); i += 2) {
          assertFalse(message.toLowerCase().contains(hex.substring(i, i + 8)), message);
        }
      }
    }
  }

  private static byte[] privateDer(KeySpec spec) {
    return AsymmetricKeys.privateKeyDer(TestKeyPairs.material(spec));
  }

  private static KeyPair keyPairFromMaterial(KeySpec spec) throws Exception {
    byte[] material = TestKeyPairs.material(spec);
    return new KeyPair(
        TestKeyPairs.publicKey(spec, AsymmetricKeys.publicKeyDer(material)),
        TestKeyPairs.privateKey(spec, AsymmetricKeys.privateKeyDer(material)));
  }

  /** PKCS #8 of a P-256 private value, by hand so that any value can be written. */
  private static byte[] p256Pkcs8(BigInteger d) {
    byte[] value = new byte[32];
    // Every value written here is below 2^256, so it fits after dropping a sign byte.
    byte[] raw = d.toByteArray();
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, value, 32 - n, n);
    String hex =
        "3041020100301306072a8648ce3d020106082a8648ce3d030107042730250201010420"
            + HexFormat.of().formatHex(value);
    return HexFormat.of().parseHex(hex);
  }

  private static InvalidInputException assertRefused(KeySpec spec, byte[] material) {
    return assertThrows(
        InvalidInputException.class, () -> ImportedMaterial.validate(spec, material));
  }
}
