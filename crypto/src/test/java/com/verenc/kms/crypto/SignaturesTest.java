package com.verenc.kms.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every key spec with every signing algorithm it allows, for RAW and DIGEST messages. */
class SignaturesTest {

  static Stream<Arguments> specAlgorithmAndType() {
    List<Arguments> cases = new ArrayList<>();
    for (KeySpec spec : TestKeyPairs.asymmetricSpecs()) {
      for (SigningAlgorithm algorithm : spec.signingAlgorithms()) {
        for (MessageType type : MessageType.values()) {
          cases.add(Arguments.of(spec, algorithm, type));
        }
      }
    }
    return cases.stream();
  }

  static Stream<Arguments> specAndAlgorithm() {
    return TestKeyPairs.asymmetricSpecs().stream()
        .flatMap(spec -> spec.signingAlgorithms().stream().map(a -> Arguments.of(spec, a)));
  }

  @ParameterizedTest
  @MethodSource("specAlgorithmAndType")
  void signsAndVerifiesAndPlainJcaAgrees(KeySpec spec, SigningAlgorithm algorithm, MessageType type)
      throws Exception {
    AsymmetricKey key = TestKeyPairs.key(spec);
    byte[] message = RandomBytes.next(300);
    byte[] digest = TestKeyPairs.digest(algorithm, message);
    byte[] input = type == MessageType.RAW ? message : digest;

    byte[] signature = Signatures.sign(key, algorithm, type, input);

    assertTrue(Signatures.verify(key, algorithm, type, input, signature));
    // A DIGEST signature of H(m) is a RAW signature of m, and the other way round.
    assertTrue(Signatures.verify(key, algorithm, MessageType.RAW, message, signature));
    assertTrue(Signatures.verify(key, algorithm, MessageType.DIGEST, digest, signature));
    // Plain JCA, with the public key as GetPublicKey would hand it out.
    PublicKey publicKey =
        TestKeyPairs.publicKey(spec, AsymmetricKeys.publicKeyDer(TestKeyPairs.material(spec)));
    Signature jca = TestKeyPairs.jcaSignature(spec, algorithm);
    jca.initVerify(publicKey);
    jca.update(message);
    assertTrue(jca.verify(signature), "plain JCA rejected our signature");
    if (spec.isRsa()) {
      assertEquals(
          ((RSAPublicKey) publicKey).getModulus().bitLength() / 8,
          signature.length,
          "RSA signatures are as long as the modulus");
    }
  }

  @ParameterizedTest
  @MethodSource("specAndAlgorithm")
  void plainJcaSignaturesVerifyAsRawAndAsDigest(KeySpec spec, SigningAlgorithm algorithm)
      throws Exception {
    AsymmetricKey key = TestKeyPairs.key(spec);
    PrivateKey privateKey =
        TestKeyPairs.privateKey(spec, AsymmetricKeys.privateKeyDer(TestKeyPairs.material(spec)));
    byte[] message = RandomBytes.next(1000);
    Signature jca = TestKeyPairs.jcaSignature(spec, algorithm);
    jca.initSign(privateKey);
    jca.update(message);
    byte[] signature = jca.sign();

    assertTrue(Signatures.verify(key, algorithm, MessageType.RAW, message, signature));
    byte[] digest = TestKeyPairs.digest(algorithm, message);
    assertTrue(Signatures.verify(key, algorithm, MessageType.DIGEST, digest, signature));
  }

  @ParameterizedTest
  @MethodSource("specAlgorithmAndType")
  void tamperedMessagesAndSignaturesFail(KeySpec spec, SigningAlgorithm algorithm, MessageType type)
      throws Exception {
    AsymmetricKey key = TestKeyPairs.key(spec);
    byte[] message = RandomBytes.next(64);
    byte[] input = type == MessageType.RAW ? message : TestKeyPairs.digest(algorithm, message);
    byte[] signature = Signatures.sign(key, algorithm, type, input);

    byte[] otherInput = input.clone();
    otherInput[otherInput.length - 1] ^= 1;
    assertFalse(Signatures.verify(key, algorithm, type, otherInput, signature));

    for (int i : new int[] {0, 1, signature.length / 2, signature.length - 1}) {
      byte[] tampered = signature.clone();
      tampered[i] ^= 0x04;
      assertFalse(Signatures.verify(key, algorithm, type, input, tampered), "byte " + i);
    }
    List<byte[]> garbled =
        List.of(
            new byte[0],
            new byte[1],
            Arrays.copyOf(signature, signature.length - 1),
            Arrays.copyOf(signature, signature.length + 1),
            RandomBytes.next(signature.length),
            filled(signature.length, (byte) 0xff),
            filled(signature.length, (byte) 0x00),
            RandomBytes.next(6000));
    for (byte[] bad : garbled) {
      assertFalse(Signatures.verify(key, algorithm, type, input, bad));
    }
  }

  @ParameterizedTest
  @MethodSource("specAndAlgorithm")
  void digestOfTheWrongLengthIsRefused(KeySpec spec, SigningAlgorithm algorithm) {
    AsymmetricKey key = TestKeyPairs.key(spec);
    byte[] signature = Signatures.sign(key, algorithm, MessageType.RAW, new byte[10]);
    int right = algorithm.digestBytes();
    for (int length : new int[] {0, 1, right - 1, right + 1, 20, 28, 32, 48, 64}) {
      if (length == right) {
        continue;
      }
      byte[] digest = new byte[length];
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> Signatures.sign(key, algorithm, MessageType.DIGEST, digest));
      assertTrue(e.getMessage().contains(String.valueOf(right)), e.getMessage());
      assertThrows(
          InvalidInputException.class,
          () -> Signatures.verify(key, algorithm, MessageType.DIGEST, digest, signature));
    }
  }

  @Test
  void algorithmsTheSpecDoesNotAllowAreRefused() {
    assertRefused(KeySpec.ECC_NIST_P256, SigningAlgorithm.ECDSA_SHA_384);
    assertRefused(KeySpec.ECC_NIST_P256, SigningAlgorithm.RSASSA_PSS_SHA_256);
    assertRefused(KeySpec.ECC_NIST_P384, SigningAlgorithm.ECDSA_SHA_256);
    assertRefused(KeySpec.ECC_NIST_P521, SigningAlgorithm.ECDSA_SHA_384);
    assertRefused(KeySpec.ECC_SECG_P256K1, SigningAlgorithm.ECDSA_SHA_512);
    assertRefused(KeySpec.RSA_2048, SigningAlgorithm.ECDSA_SHA_256);
  }

  @Test
  void anotherKeysSignatureFails() {
    AsymmetricKey key = TestKeyPairs.key(KeySpec.ECC_NIST_P256);
    AsymmetricKey other =
        AsymmetricKeys.decode(
            KeySpec.ECC_NIST_P256, AsymmetricKeys.generate(KeySpec.ECC_NIST_P256));
    byte[] message = RandomBytes.next(20);
    byte[] signature =
        Signatures.sign(other, SigningAlgorithm.ECDSA_SHA_256, MessageType.RAW, message);
    assertFalse(
        Signatures.verify(
            key, SigningAlgorithm.ECDSA_SHA_256, MessageType.RAW, message, signature));
  }

  @Test
  void decodedKeyIsSharedSafelyBetweenThreads() throws Exception {
    AsymmetricKey key = TestKeyPairs.key(KeySpec.ECC_NIST_P256);
    byte[] message = RandomBytes.next(40);
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 4; t++) {
      threads.add(
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 50; i++) {
                    SigningAlgorithm a = SigningAlgorithm.ECDSA_SHA_256;
                    byte[] s = Signatures.sign(key, a, MessageType.RAW, message);
                    assertTrue(Signatures.verify(key, a, MessageType.RAW, message, s));
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(List.of(), failures);
  }

  private static void assertRefused(KeySpec spec, SigningAlgorithm algorithm) {
    AsymmetricKey key = TestKeyPairs.key(spec);
    byte[] message = new byte[algorithm.digestBytes()];
    IncompatibleAlgorithmException e =
        assertThrows(
            IncompatibleAlgorithmException.class,
            () -> Signatures.sign(key, algorithm, MessageType.RAW, message));
    assertTrue(e.getMessage().contains(algorithm.name()), e.getMessage());
    assertTrue(e.getMessage().contains(spec.name()), e.getMessage());
    assertThrows(
        IncompatibleAlgorithmException.class,
        () -> Signatures.verify(key, algorithm, MessageType.DIGEST, message, new byte[64]));
  }

  private static byte[] filled(int length, byte value) {
    byte[] out = new byte[length];
    Arrays.fill(out, value);
    return out;
  }
}
