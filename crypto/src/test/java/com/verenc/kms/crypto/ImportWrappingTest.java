package com.verenc.kms.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImportWrappingTest {

  private static final String FAILED =
      "EncryptedKeyMaterial could not be decrypted with the wrapping key of the import token";

  static Stream<Arguments> wrappingSpecAndAlgorithm() {
    return Arrays.stream(WrappingKeySpec.values())
        .flatMap(s -> Arrays.stream(WrappingAlgorithm.values()).map(a -> Arguments.of(s, a)));
  }

  /** The wrapping key pairs of the test run: TestKeyPairs' RSA pairs, RSA_4096 generated once. */
  private static byte[] privateDer(WrappingKeySpec spec) {
    return AsymmetricKeys.privateKeyDer(TestKeyPairs.material(spec.rsaSpec()));
  }

  private static byte[] publicDer(WrappingKeySpec spec) {
    return AsymmetricKeys.publicKeyDer(TestKeyPairs.material(spec.rsaSpec()));
  }

  /** One material of each kind, as a caller would hold it, by the key spec it is for. */
  private static Map<KeySpec, byte[]> materials() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    Map<KeySpec, byte[]> materials = new LinkedHashMap<>();
    materials.put(KeySpec.SYMMETRIC_DEFAULT, RandomBytes.next(32));
    materials.put(KeySpec.HMAC_256, Hmac.newKey(KeySpec.HMAC_256));
    materials.put(KeySpec.HMAC_512, RandomBytes.next(128));
    materials.put(KeySpec.ECC_NIST_P256, ec.generateKeyPair().getPrivate().getEncoded());
    materials.put(
        KeySpec.RSA_2048, AsymmetricKeys.privateKeyDer(TestKeyPairs.material(KeySpec.RSA_2048)));
    return materials;
  }

  @ParameterizedTest
  @MethodSource("wrappingSpecAndAlgorithm")
  void unwrapsWhatAClientWrappedOfflineWithPlainJca(
      WrappingKeySpec spec, WrappingAlgorithm algorithm) throws Exception {
    int unwrapped = 0;
    for (Map.Entry<KeySpec, byte[]> entry : materials().entrySet()) {
      byte[] material = entry.getValue();
      if (!ImportWrapping.allows(entry.getKey(), spec, algorithm)) {
        assertTrue(entry.getKey().isRsa());
        continue;
      }
      byte[] encrypted = ImportClient.wrap(publicDer(spec), algorithm.name(), material);
      byte[] result = ImportWrapping.unwrap(privateDer(spec), algorithm, encrypted);
      assertArrayEquals(material, result, entry.getKey() + " with " + algorithm);
      ImportedMaterial.validate(entry.getKey(), result);
      unwrapped++;
    }
    assertEquals(algorithm.wrapsWithAes() ? 5 : 4, unwrapped);
  }

  @Test
  void unwrapsKeyWrapOfBouncyCastlesAesWrapPadCipher() throws Exception {
    byte[] material = AsymmetricKeys.privateKeyDer(TestKeyPairs.material(KeySpec.ECC_NIST_P384));
    for (WrappingAlgorithm algorithm :
        new WrappingAlgorithm[] {
          WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1, WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256
        }) {
      byte[] encrypted =
          ImportClient.wrap(
              publicDer(WrappingKeySpec.RSA_3072), algorithm.name(), material, 32, true);
      assertArrayEquals(
          material,
          ImportWrapping.unwrap(privateDer(WrappingKeySpec.RSA_3072), algorithm, encrypted));
    }
  }

  @Test
  void generatesAWrappingKeyPairWhosePublicKeyIsAStandardSpki() throws Exception {
    DataKeyPair pair = ImportWrapping.generate(WrappingKeySpec.RSA_2048);
    assertEquals(KeySpec.RSA_2048, pair.keyPairSpec());
    RSAPublicKey publicKey =
        (RSAPublicKey)
            KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(pair.publicKeyDer()));
    assertEquals(2048, publicKey.getModulus().bitLength());
    assertEquals(BigInteger.valueOf(65537), publicKey.getPublicExponent());
    assertArrayEquals(pair.publicKeyDer(), publicKey.getEncoded());
    byte[] material = RandomBytes.next(32);
    byte[] encrypted = ImportClient.wrap(pair.publicKeyDer(), "RSAES_OAEP_SHA_256", material);
    assertArrayEquals(
        material,
        ImportWrapping.unwrap(
            pair.privateKeyDer(), WrappingAlgorithm.RSAES_OAEP_SHA_256, encrypted));
    assertEquals("DataKeyPair[RSA_2048]", pair.toString());
  }

  @Test
  void everyUnwrapFailureIsTheSameInvalidCiphertext() throws Exception {
    byte[] privateDer = privateDer(WrappingKeySpec.RSA_2048);
    byte[] publicDer = publicDer(WrappingKeySpec.RSA_2048);
    byte[] material = RandomBytes.next(32);
    byte[] oaep = ImportClient.wrap(publicDer, "RSAES_OAEP_SHA_256", material);
    byte[] aesWrap = ImportClient.wrap(publicDer, "RSA_AES_KEY_WRAP_SHA_256", material);
    byte[] aes128 = ImportClient.wrap(publicDer, "RSA_AES_KEY_WRAP_SHA_256", material, 16, false);
    Map<String, Object[]> cases = new LinkedHashMap<>();
    cases.put("oaep tampered", new Object[] {WrappingAlgorithm.RSAES_OAEP_SHA_256, flip(oaep, 9)});
    cases.put("oaep other hash", new Object[] {WrappingAlgorithm.RSAES_OAEP_SHA_1, oaep});
    cases.put(
        "oaep truncated",
        new Object[] {WrappingAlgorithm.RSAES_OAEP_SHA_256, Arrays.copyOf(oaep, 255)});
    cases.put("empty", new Object[] {WrappingAlgorithm.RSAES_OAEP_SHA_256, new byte[0]});
    cases.put(
        "rsa part tampered",
        new Object[] {WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256, flip(aesWrap, 7)});
    cases.put(
        "key wrap part tampered",
        new Object[] {WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256, flip(aesWrap, 256 + 3)});
    cases.put(
        "rsa aes other hash", new Object[] {WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1, aesWrap});
    cases.put(
        "rsa part only",
        new Object[] {WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256, Arrays.copyOf(aesWrap, 256)});
    cases.put(
        "key wrap part cut",
        new Object[] {
          WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256, Arrays.copyOf(aesWrap, aesWrap.length - 8)
        });
    cases.put("oaep as rsa aes", new Object[] {WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256, oaep});
    cases.put("rsa aes as oaep", new Object[] {WrappingAlgorithm.RSAES_OAEP_SHA_256, aesWrap});
    cases.put("aes-128 key", new Object[] {WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256, aes128});
    for (Map.Entry<String, Object[]> c : cases.entrySet()) {
      WrappingAlgorithm algorithm = (WrappingAlgorithm) c.getValue()[0];
      byte[] encrypted = (byte[]) c.getValue()[1];
      InvalidCiphertextException e =
          assertThrows(
              InvalidCiphertextException.class,
              () -> ImportWrapping.unwrap(privateDer, algorithm, encrypted),
              c.getKey());
      assertEquals(FAILED, e.getMessage(), c.getKey());
      assertEquals(null, e.getCause(), c.getKey());
    }
    // Material wrapped for another wrapping key.
    assertThrows(
        InvalidCiphertextException.class,
        () ->
            ImportWrapping.unwrap(
                privateDer(WrappingKeySpec.RSA_3072),
                WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256,
                aesWrap));
  }

  @Test
  void parsesAwsNamesAndRefusesPkcs1AndSm2() {
    for (WrappingAlgorithm algorithm : WrappingAlgorithm.values()) {
      assertEquals(algorithm, WrappingAlgorithm.of(algorithm.name()));
    }
    for (WrappingKeySpec spec : WrappingKeySpec.values()) {
      assertEquals(spec, WrappingKeySpec.of(spec.name()));
    }
    InvalidInputException pkcs1 =
        assertThrows(InvalidInputException.class, () -> WrappingAlgorithm.of("RSAES_PKCS1_V1_5"));
    assertTrue(pkcs1.getMessage().contains("no longer supported"), pkcs1.getMessage());
    assertEquals(
        "WrappingAlgorithm SM2PKE is not supported",
        assertThrows(InvalidInputException.class, () -> WrappingAlgorithm.of("SM2PKE"))
            .getMessage());
    assertEquals(
        "WrappingKeySpec SM2 is not supported",
        assertThrows(InvalidInputException.class, () -> WrappingKeySpec.of("SM2")).getMessage());
    assertThrows(InvalidInputException.class, () -> WrappingAlgorithm.of("rsaes_oaep_sha_256"));
  }

  @Test
  void awsAllowsOaepOnlyForMaterialThatFitsOneRsaBlock() {
    for (KeySpec material : KeySpec.values()) {
      for (WrappingKeySpec wrapping : WrappingKeySpec.values()) {
        for (WrappingAlgorithm algorithm : WrappingAlgorithm.values()) {
          boolean expected =
              algorithm.wrapsWithAes()
                  || !(material.isRsa()
                      || (material == KeySpec.ECC_NIST_P521
                          && wrapping == WrappingKeySpec.RSA_2048));
          assertEquals(expected, ImportWrapping.allows(material, wrapping, algorithm));
          if (!expected) {
            InvalidInputException e =
                assertThrows(
                    InvalidInputException.class,
                    () -> ImportWrapping.requireAllowed(material, wrapping, algorithm));
            assertTrue(e.getMessage().contains("RSA_AES_KEY_WRAP_SHA_256"), e.getMessage());
          }
        }
      }
    }
    assertFalse(
        ImportWrapping.allows(
            KeySpec.RSA_4096, WrappingKeySpec.RSA_4096, WrappingAlgorithm.RSAES_OAEP_SHA_1));
    ImportWrapping.requireAllowed(
        KeySpec.ECC_NIST_P521, WrappingKeySpec.RSA_3072, WrappingAlgorithm.RSAES_OAEP_SHA_256);
  }

  @Test
  void maxOaepMaterialBytesAreOneRsaBlock() {
    assertEquals(
        214,
        ImportWrapping.maxOaepMaterialBytes(
            WrappingKeySpec.RSA_2048, WrappingAlgorithm.RSAES_OAEP_SHA_1));
    assertEquals(
        190,
        ImportWrapping.maxOaepMaterialBytes(
            WrappingKeySpec.RSA_2048, WrappingAlgorithm.RSAES_OAEP_SHA_256));
    assertEquals(
        446,
        ImportWrapping.maxOaepMaterialBytes(
            WrappingKeySpec.RSA_4096, WrappingAlgorithm.RSAES_OAEP_SHA_256));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ImportWrapping.maxOaepMaterialBytes(
                WrappingKeySpec.RSA_2048, WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256));
    // An RSA_2048 private key is far beyond one RSA_4096 block: why OAEP cannot wrap it.
    assertTrue(
        AsymmetricKeys.privateKeyDer(TestKeyPairs.material(KeySpec.RSA_2048)).length
            > ImportWrapping.maxOaepMaterialBytes(
                WrappingKeySpec.RSA_4096, WrappingAlgorithm.RSAES_OAEP_SHA_1));
  }

  @Test
  void aMalformedWrappingKeyIsTheKmssFaultNotTheCallers() {
    byte[] broken = privateDer(WrappingKeySpec.RSA_2048);
    broken[1] ^= 0x7f;
    CryptoException e =
        assertThrows(
            CryptoException.class,
            () ->
                ImportWrapping.unwrap(broken, WrappingAlgorithm.RSAES_OAEP_SHA_256, new byte[256]));
    assertEquals(CryptoException.class, e.getClass());
  }

  private static byte[] flip(byte[] bytes, int index) {
    byte[] copy = bytes.clone();
    copy[index] ^= 0x01;
    return copy;
  }
}
