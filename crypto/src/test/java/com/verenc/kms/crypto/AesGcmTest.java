package com.verenc.kms.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AesGcmTest {

  private final byte[] key = RandomBytes.next(AesGcm.KEY_BYTES);
  private final byte[] aad = "header".getBytes(StandardCharsets.UTF_8);
  private final byte[] plaintext = "attack at dawn".getBytes(StandardCharsets.UTF_8);

  @Test
  void roundTripsAndAppendsTag() {
    byte[] iv = RandomBytes.next(AesGcm.IV_BYTES);
    byte[] sealed = AesGcm.encrypt(key, iv, plaintext, aad);
    assertEquals(plaintext.length + AesGcm.TAG_BYTES, sealed.length);
    assertArrayEquals(plaintext, AesGcm.decrypt(key, iv, sealed, aad));
  }

  @Test
  void nullAadMeansEmptyAad() {
    byte[] iv = RandomBytes.next(AesGcm.IV_BYTES);
    byte[] sealed = AesGcm.encrypt(key, iv, plaintext, null);
    assertArrayEquals(plaintext, AesGcm.decrypt(key, iv, sealed, new byte[0]));
  }

  @Test
  void wrongAadKeyOrIvFailsAuthentication() {
    byte[] iv = RandomBytes.next(AesGcm.IV_BYTES);
    byte[] sealed = AesGcm.encrypt(key, iv, plaintext, aad);
    assertThrows(
        InvalidCiphertextException.class, () -> AesGcm.decrypt(key, iv, sealed, new byte[1]));
    assertThrows(
        InvalidCiphertextException.class,
        () -> AesGcm.decrypt(RandomBytes.next(AesGcm.KEY_BYTES), iv, sealed, aad));
    assertThrows(
        InvalidCiphertextException.class,
        () -> AesGcm.decrypt(key, RandomBytes.next(AesGcm.IV_BYTES), sealed, aad));
  }

  @Test
  void tooShortCiphertextIsInvalid() {
    assertThrows(
        InvalidCiphertextException.class,
        () -> AesGcm.decrypt(key, new byte[AesGcm.IV_BYTES], new byte[AesGcm.TAG_BYTES - 1], aad));
  }

  @Test
  void rejectsWrongKeyAndIvLengths() {
    assertThrows(
        CryptoException.class, () -> AesGcm.encrypt(new byte[16], new byte[12], plaintext, aad));
    assertThrows(CryptoException.class, () -> AesGcm.encrypt(key, new byte[16], plaintext, aad));
    assertThrows(
        CryptoException.class, () -> AesGcm.decrypt(new byte[24], new byte[12], new byte[16], aad));
  }

  @Test
  void refusesImmediateReuseOfKeyAndIv() {
    byte[] iv = RandomBytes.next(AesGcm.IV_BYTES);
    AesGcm.encrypt(key, iv, plaintext, aad);
    assertThrows(CryptoException.class, () -> AesGcm.encrypt(key, iv, plaintext, aad));
  }

  @Test
  void pooledCipherSurvivesFailureAndManyCalls() {
    byte[] iv = RandomBytes.next(AesGcm.IV_BYTES);
    byte[] sealed = AesGcm.encrypt(key, iv, plaintext, aad);
    assertThrows(
        InvalidCiphertextException.class, () -> AesGcm.decrypt(key, iv, sealed, new byte[1]));
    for (int i = 0; i < 1000; i++) {
      byte[] freshIv = RandomBytes.next(AesGcm.IV_BYTES);
      assertArrayEquals(
          plaintext,
          AesGcm.decrypt(key, freshIv, AesGcm.encrypt(key, freshIv, plaintext, aad), aad));
    }
  }

  @Test
  void concurrentUseFromManyThreads() throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(
            executor.submit(
                () -> {
                  for (int i = 0; i < 500; i++) {
                    byte[] iv = RandomBytes.next(AesGcm.IV_BYTES);
                    byte[] sealed = AesGcm.encrypt(key, iv, plaintext, aad);
                    if (!java.util.Arrays.equals(plaintext, AesGcm.decrypt(key, iv, sealed, aad))) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> result : results) {
        assertEquals(true, result.get());
      }
    } finally {
      executor.shutdownNow();
    }
  }
}
