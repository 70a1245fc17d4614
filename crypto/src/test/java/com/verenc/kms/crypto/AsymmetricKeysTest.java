package com.verenc.kms.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AsymmetricKeysTest {

  // DER of the named-curve OIDs AWS's SubjectPublicKeyInfo carries for each ECC spec.
  private static final Map<KeySpec, String> CURVE_OIDS =
      Map.of(
          KeySpec.ECC_NIST_P256, "06082a8648ce3d030107",
          KeySpec.ECC_NIST_P384, "06052b81040022",
          KeySpec.ECC_NIST_P521, "06052b81040023",
          KeySpec.ECC_SECG_P256K1, "06052b8104000a");
  private static final String EC_PUBLIC_KEY_OID = "06072a8648ce3d0201";
  private static final String RSA_ENCRYPTION_OID = "06092a864886f70d0101010500";

  static List<KeySpec> asymmetricSpecs() {
    return TestKeyPairs.asymmetricSpecs();
  }

  @ParameterizedTest
  @MethodSource("asymmetricSpecs")
  void generatedPublicKeyIsTheSpecsStandardSpki(KeySpec spec) throws Exception {
    byte[] material = TestKeyPairs.material(spec);
    byte[] spki = AsymmetricKeys.publicKeyDer(material);
    PublicKey publicKey = TestKeyPairs.publicKey(spec, spki);
    assertArrayEquals(spki, publicKey.getEncoded());
    String hex = HexFormat.of().formatHex(spki);
    if (spec.isRsa()) {
      RSAPublicKey rsa = (RSAPublicKey) publicKey;
      assertEquals(spec.keyBits(), rsa.getModulus().bitLength());
      assertEquals(BigInteger.valueOf(65537), rsa.getPublicExponent());
      assertTrue(hex.contains(RSA_ENCRYPTION_OID));
    } else {
      assertInstanceOf(ECPublicKey.class, publicKey);
      assertTrue(hex.contains(EC_PUBLIC_KEY_OID + CURVE_OIDS.get(spec)), hex);
    }
    assertArrayEquals(spki, AsymmetricKeys.decode(spec, material).publicKeyDer());
  }

  @ParameterizedTest
  @MethodSource("asymmetricSpecs")
  void materialRoundTrips(KeySpec spec) throws Exception {
    byte[] material = TestKeyPairs.material(spec);
    byte[] privateKeyDer = AsymmetricKeys.privateKeyDer(material);
    byte[] publicKeyDer = AsymmetricKeys.publicKeyDer(material);
    assertArrayEquals(material, AsymmetricKeys.encode(privateKeyDer, publicKeyDer));
    assertEquals(AsymmetricKeys.FORMAT_VERSION, material[0]);
    PrivateKey privateKey = TestKeyPairs.privateKey(spec, privateKeyDer);
    AsymmetricKey key = AsymmetricKeys.decode(spec, material);
    assertEquals(spec, key.spec());
    assertEquals(TestKeyPairs.publicKey(spec, publicKeyDer), key.publicKey());
    assertArrayEquals(privateKey.getEncoded(), key.privateKey().getEncoded());
    if (spec.isRsa()) {
      assertInstanceOf(RSAPrivateCrtKey.class, key.privateKey());
    }
    assertEquals("AsymmetricKey[" + spec + "]", key.toString());
  }

  @Test
  void garbageMaterialIsRefused() {
    byte[] material = TestKeyPairs.material(KeySpec.ECC_NIST_P256);
    List<byte[]> garbage = new ArrayList<>();
    garbage.add(new byte[0]);
    garbage.add(new byte[] {1});
    garbage.add(RandomBytes.next(200));
    byte[] version = material.clone();
    version[0] = 2;
    garbage.add(version);
    garbage.add(Arrays.copyOf(material, material.length + 1));
    for (int length = 0; length < material.length; length += 7) {
      garbage.add(Arrays.copyOf(material, length));
    }
    for (int length : new int[] {0, -1, Integer.MAX_VALUE, material.length}) {
      byte[] badLength = material.clone();
      ByteBuffer.wrap(badLength).put(1, (byte) 0).putInt(1, length);
      garbage.add(badLength);
    }
    byte[] privateKeyDer = AsymmetricKeys.privateKeyDer(material);
    byte[] publicKeyDer = AsymmetricKeys.publicKeyDer(material);
    garbage.add(AsymmetricKeys.encode(publicKeyDer, privateKeyDer));
    garbage.add(AsymmetricKeys.encode(RandomBytes.next(138), publicKeyDer));
    garbage.add(AsymmetricKeys.encode(privateKeyDer, RandomBytes.next(91)));
    byte[] corruptDer = privateKeyDer.clone();
    corruptDer[1] ^= 0x55;
    garbage.add(AsymmetricKeys.encode(corruptDer, publicKeyDer));

    for (byte[] bad : garbage) {
      CryptoException e =
          assertThrows(
              CryptoException.class, () -> AsymmetricKeys.decode(KeySpec.ECC_NIST_P256, bad));
      assertNull(e.getCause());
      assertFalse(e instanceof InvalidCiphertextException);
    }
    assertThrows(CryptoException.class, () -> AsymmetricKeys.publicKeyDer(version));
    assertThrows(
        CryptoException.class, () -> AsymmetricKeys.publicKeyDer(Arrays.copyOf(material, 9)));
    assertThrows(CryptoException.class, () -> AsymmetricKeys.encode(new byte[0], publicKeyDer));
  }

  @Test
  void materialOfAnotherSpecIsRefused() {
    assertWrongSpec(KeySpec.RSA_2048, KeySpec.RSA_3072);
    assertWrongSpec(KeySpec.RSA_4096, KeySpec.RSA_2048);
    assertWrongSpec(KeySpec.ECC_NIST_P256, KeySpec.ECC_NIST_P384);
    assertWrongSpec(KeySpec.ECC_NIST_P256, KeySpec.ECC_SECG_P256K1);
    assertWrongSpec(KeySpec.ECC_SECG_P256K1, KeySpec.ECC_NIST_P256);
    assertWrongSpec(KeySpec.ECC_NIST_P521, KeySpec.RSA_2048);
    assertWrongSpec(KeySpec.RSA_2048, KeySpec.ECC_NIST_P256);
  }

  @Test
  void halvesOfDifferentRsaKeysAreRefused() {
    byte[] a = TestKeyPairs.material(KeySpec.RSA_2048);
    byte[] b = AsymmetricKeys.generateDataKeyPair(KeySpec.RSA_2048).publicKeyDer();
    byte[] mixed = AsymmetricKeys.encode(AsymmetricKeys.privateKeyDer(a), b);
    assertThrows(CryptoException.class, () -> AsymmetricKeys.decode(KeySpec.RSA_2048, mixed));
  }

  @Test
  void symmetricSpecsAreRefused() {
    byte[] material = TestKeyPairs.material(KeySpec.ECC_NIST_P256);
    for (KeySpec spec : KeySpec.values()) {
      if (!spec.isAsymmetric()) {
        assertThrows(IncompatibleAlgorithmException.class, () -> AsymmetricKeys.generate(spec));
        assertThrows(
            IncompatibleAlgorithmException.class, () -> AsymmetricKeys.generateDataKeyPair(spec));
        assertThrows(
            IncompatibleAlgorithmException.class, () -> AsymmetricKeys.decode(spec, material));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("asymmetricSpecs")
  void dataKeyPairIsAWorkingPkcs8AndSpkiPair(KeySpec spec) throws Exception {
    DataKeyPair pair = AsymmetricKeys.generateDataKeyPair(spec);
    assertEquals(spec, pair.keyPairSpec());
    PrivateKey privateKey = TestKeyPairs.privateKey(spec, pair.privateKeyDer());
    PublicKey publicKey = TestKeyPairs.publicKey(spec, pair.publicKeyDer());
    assertEquals("PKCS#8", privateKey.getFormat());
    assertArrayEquals(pair.publicKeyDer(), publicKey.getEncoded());
    SigningAlgorithm algorithm = spec.signingAlgorithms().get(0);
    Signature signer = TestKeyPairs.jcaSignature(spec, algorithm);
    signer.initSign(privateKey);
    signer.update(new byte[] {1, 2, 3});
    byte[] signature = signer.sign();
    Signature verifier = TestKeyPairs.jcaSignature(spec, algorithm);
    verifier.initVerify(publicKey);
    verifier.update(new byte[] {1, 2, 3});
    assertTrue(verifier.verify(signature));
    // The pair also works as the material of a KMS key.
    AsymmetricKeys.decode(spec, AsymmetricKeys.encode(pair.privateKeyDer(), pair.publicKeyDer()));
    assertEquals("DataKeyPair[" + spec + "]", pair.toString());
    if (spec.isEcc()) {
      assertFalse(
          Arrays.equals(
              pair.publicKeyDer(), AsymmetricKeys.generateDataKeyPair(spec).publicKeyDer()));
    }
  }

  private static void assertWrongSpec(KeySpec generated, KeySpec claimed) {
    byte[] material = TestKeyPairs.material(generated);
    CryptoException e =
        assertThrows(CryptoException.class, () -> AsymmetricKeys.decode(claimed, material));
    assertTrue(e.getMessage().contains(claimed.name()), e.getMessage());
  }
}
