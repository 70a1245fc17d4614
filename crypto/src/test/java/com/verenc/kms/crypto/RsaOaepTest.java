package com.verenc.kms.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RsaOaepTest {

  private static final List<EncryptionAlgorithm> OAEP =
      List.of(EncryptionAlgorithm.RSAES_OAEP_SHA_1, EncryptionAlgorithm.RSAES_OAEP_SHA_256);

  static Stream<Arguments> specAndAlgorithm() {
    return TestKeyPairs.rsaSpecs().stream()
        .flatMap(spec -> OAEP.stream().map(a -> Arguments.of(spec, a)));
  }

  @Test
  void maxPlaintextBytesAreAwsLimits() {
    assertEquals(214, max(KeySpec.RSA_2048, EncryptionAlgorithm.RSAES_OAEP_SHA_1));
    assertEquals(190, max(KeySpec.RSA_2048, EncryptionAlgorithm.RSAES_OAEP_SHA_256));
    assertEquals(342, max(KeySpec.RSA_3072, EncryptionAlgorithm.RSAES_OAEP_SHA_1));
    assertEquals(318, max(KeySpec.RSA_3072, EncryptionAlgorithm.RSAES_OAEP_SHA_256));
    assertEquals(470, max(KeySpec.RSA_4096, EncryptionAlgorithm.RSAES_OAEP_SHA_1));
    assertEquals(446, max(KeySpec.RSA_4096, EncryptionAlgorithm.RSAES_OAEP_SHA_256));
    assertThrows(
        IncompatibleAlgorithmException.class,
        () -> max(KeySpec.ECC_NIST_P256, EncryptionAlgorithm.RSAES_OAEP_SHA_256));
    assertThrows(
        IncompatibleAlgorithmException.class,
        () -> max(KeySpec.RSA_2048, EncryptionAlgorithm.SYMMETRIC_DEFAULT));
  }

  @ParameterizedTest
  @MethodSource("specAndAlgorithm")
  void roundTripsUpToTheMaximumAndRefusesOneByteMore(KeySpec spec, EncryptionAlgorithm algorithm) {
    AsymmetricKey key = TestKeyPairs.key(spec);
    int max = RsaOaep.maxPlaintextBytes(spec, algorithm);
    for (int length : new int[] {0, 1, 32, max}) {
      byte[] plaintext = RandomBytes.next(length);
      byte[] ciphertext = RsaOaep.encrypt(key, algorithm, plaintext);
      assertEquals(spec.keyBits() / 8, ciphertext.length);
      assertArrayEquals(plaintext, RsaOaep.decrypt(key, algorithm, ciphertext));
    }
    assertThrows(
        InvalidInputException.class,
        () -> RsaOaep.encrypt(key, algorithm, RandomBytes.next(max + 1)));
  }

  @ParameterizedTest
  @MethodSource("specAndAlgorithm")
  void interoperatesWithPlainJcaOaep(KeySpec spec, EncryptionAlgorithm algorithm) throws Exception {
    AsymmetricKey key = TestKeyPairs.key(spec);
    byte[] material = TestKeyPairs.material(spec);
    PublicKey publicKey = TestKeyPairs.publicKey(spec, AsymmetricKeys.publicKeyDer(material));
    PrivateKey privateKey = TestKeyPairs.privateKey(spec, AsymmetricKeys.privateKeyDer(material));
    int max = RsaOaep.maxPlaintextBytes(spec, algorithm);
    byte[] plaintext = RandomBytes.next(max);

    Cipher encryptor = Cipher.getInstance("RSA/ECB/OAEPPadding");
    encryptor.init(Cipher.ENCRYPT_MODE, publicKey, jcaParameters(algorithm));
    assertArrayEquals(plaintext, RsaOaep.decrypt(key, algorithm, encryptor.doFinal(plaintext)));

    Cipher decryptor = Cipher.getInstance("RSA/ECB/OAEPPadding");
    decryptor.init(Cipher.DECRYPT_MODE, privateKey, jcaParameters(algorithm));
    assertArrayEquals(plaintext, decryptor.doFinal(RsaOaep.encrypt(key, algorithm, plaintext)));
  }

  @Test
  void sha256MeansMgf1WithSha256NotTheJdkDefault() throws Exception {
    AsymmetricKey key = TestKeyPairs.key(KeySpec.RSA_2048);
    // The JDK's named transformation keeps MGF1 on SHA-1; AWS's RSAES_OAEP_SHA_256 does not.
    Cipher jdkDefault = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
    jdkDefault.init(Cipher.ENCRYPT_MODE, key.publicKey());
    byte[] ciphertext = jdkDefault.doFinal(new byte[16]);
    assertThrows(
        InvalidCiphertextException.class,
        () -> RsaOaep.decrypt(key, EncryptionAlgorithm.RSAES_OAEP_SHA_256, ciphertext));
  }

  @ParameterizedTest
  @MethodSource("specAndAlgorithm")
  void badCiphertextsAreInvalidCiphertext(KeySpec spec, EncryptionAlgorithm algorithm) {
    AsymmetricKey key = TestKeyPairs.key(spec);
    byte[] ciphertext = RsaOaep.encrypt(key, algorithm, RandomBytes.next(20));
    EncryptionAlgorithm other =
        algorithm == EncryptionAlgorithm.RSAES_OAEP_SHA_1
            ? EncryptionAlgorithm.RSAES_OAEP_SHA_256
            : EncryptionAlgorithm.RSAES_OAEP_SHA_1;
    assertInvalid(() -> RsaOaep.decrypt(key, other, ciphertext));
    for (int i : new int[] {0, 1, ciphertext.length / 2, ciphertext.length - 1}) {
      byte[] tampered = ciphertext.clone();
      tampered[i] ^= 0x01;
      assertInvalid(() -> RsaOaep.decrypt(key, algorithm, tampered));
    }
    byte[] allOnes = new byte[ciphertext.length];
    Arrays.fill(allOnes, (byte) 0xff);
    for (byte[] bad :
        List.of(
            new byte[0],
            Arrays.copyOf(ciphertext, ciphertext.length - 1),
            Arrays.copyOf(ciphertext, ciphertext.length + 1),
            new byte[ciphertext.length],
            allOnes)) {
      assertInvalid(() -> RsaOaep.decrypt(key, algorithm, bad));
    }
  }

  @Test
  void nonRsaKeysAndSymmetricDefaultAreRefused() {
    AsymmetricKey ecc = TestKeyPairs.key(KeySpec.ECC_NIST_P256);
    assertThrows(
        IncompatibleAlgorithmException.class,
        () -> RsaOaep.encrypt(ecc, EncryptionAlgorithm.RSAES_OAEP_SHA_256, new byte[1]));
    AsymmetricKey rsa = TestKeyPairs.key(KeySpec.RSA_2048);
    assertThrows(
        IncompatibleAlgorithmException.class,
        () -> RsaOaep.decrypt(rsa, EncryptionAlgorithm.SYMMETRIC_DEFAULT, new byte[256]));
  }

  private static void assertInvalid(org.junit.jupiter.api.function.Executable decrypt) {
    InvalidCiphertextException e = assertThrows(InvalidCiphertextException.class, decrypt);
    assertEquals("ciphertext could not be decrypted", e.getMessage());
  }

  private static OAEPParameterSpec jcaParameters(EncryptionAlgorithm algorithm) {
    return algorithm == EncryptionAlgorithm.RSAES_OAEP_SHA_1
        ? new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT)
        : new OAEPParameterSpec(
            "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
  }

  private static int max(KeySpec spec, EncryptionAlgorithm algorithm) {
    return RsaOaep.maxPlaintextBytes(spec, algorithm);
  }
}
