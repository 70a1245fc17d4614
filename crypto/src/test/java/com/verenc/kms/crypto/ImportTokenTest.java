package com.verenc.kms.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ImportTokenTest {

  private static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final String INVALID = "import token is not valid for this KMS key";
  private static final Instant ISSUED = Instant.parse("2025-03-01T10:15:30.123456789Z");

  private final byte[] secret = RandomBytes.next(32);
  private final byte[] privateKeyDer =
      AsymmetricKeys.privateKeyDer(TestKeyPairs.material(KeySpec.RSA_2048));

  private byte[] seal() {
    return ImportToken.seal(
        secret,
        KEY_ID,
        WrappingKeySpec.RSA_2048,
        WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256,
        privateKeyDer,
        ISSUED);
  }

  @Test
  void roundTripsEverythingItBinds() {
    byte[] token = seal();
    assertEquals(ImportToken.FORMAT_VERSION, token[0]);
    ImportToken opened = ImportToken.open(secret, KEY_ID, token, ISSUED.plusSeconds(3600));
    assertEquals(KEY_ID, opened.keyId());
    assertEquals(WrappingKeySpec.RSA_2048, opened.wrappingKeySpec());
    assertEquals(WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256, opened.wrappingAlgorithm());
    assertArrayEquals(privateKeyDer, opened.wrappingPrivateKeyDer());
    assertEquals(ISSUED.plus(Duration.ofHours(24)), opened.validTo());
    assertEquals(ImportToken.validTo(ISSUED), opened.validTo());
    assertFalse(opened.toString().contains(HexFormat.of().formatHex(privateKeyDer, 0, 8)));
    opened.wipe();
    assertArrayEquals(new byte[privateKeyDer.length], opened.wrappingPrivateKeyDer());
  }

  @Test
  void theWrappingKeyInsideUnwrapsMaterial() throws Exception {
    byte[] token = seal();
    ImportToken opened = ImportToken.open(secret, KEY_ID, token, ISSUED);
    byte[] material = RandomBytes.next(32);
    byte[] encrypted =
        ImportClient.wrap(
            AsymmetricKeys.publicKeyDer(TestKeyPairs.material(KeySpec.RSA_2048)),
            opened.wrappingAlgorithm().name(),
            material);
    assertArrayEquals(
        material,
        ImportWrapping.unwrap(
            opened.wrappingPrivateKeyDer(), opened.wrappingAlgorithm(), encrypted));
  }

  @Test
  void validUntilValidToAndExpiredAfter() {
    byte[] token = seal();
    Instant validTo = ImportToken.validTo(ISSUED);
    ImportToken.open(secret, KEY_ID, token, validTo);
    ExpiredImportTokenException e =
        assertThrows(
            ExpiredImportTokenException.class,
            () -> ImportToken.open(secret, KEY_ID, token, validTo.plusNanos(1)));
    assertEquals("import token expired at " + validTo, e.getMessage());
    assertThrows(
        ExpiredImportTokenException.class,
        () -> ImportToken.open(secret, KEY_ID, token, ISSUED.plus(Duration.ofDays(30))));
  }

  @Test
  void aTokenOfAnotherKeyDoesNotOpen() {
    byte[] token = seal();
    assertInvalid(() -> ImportToken.open(secret, KEY_ID + "x", token, ISSUED));
    assertInvalid(() -> ImportToken.open(secret, "other-key", token, ISSUED));
    // Authenticity comes before expiry: an expired token of another key is just invalid.
    assertInvalid(
        () -> ImportToken.open(secret, "other-key", token, ISSUED.plus(Duration.ofDays(2))));
  }

  @Test
  void aTokenUnderAnotherSecretDoesNotOpen() {
    byte[] token = seal();
    assertInvalid(() -> ImportToken.open(RandomBytes.next(32), KEY_ID, token, ISSUED));
  }

  @Test
  void everyTamperedByteIsRefused() {
    byte[] token = seal();
    for (int i = 0; i < token.length; i++) {
      byte[] tampered = token.clone();
      tampered[i] ^= 0x01;
      assertInvalid(() -> ImportToken.open(secret, KEY_ID, tampered, ISSUED));
    }
  }

  @Test
  void malformedTokensAreRefused() {
    byte[] token = seal();
    assertInvalid(() -> ImportToken.open(secret, KEY_ID, new byte[0], ISSUED));
    assertInvalid(() -> ImportToken.open(secret, KEY_ID, Arrays.copyOf(token, 44), ISSUED));
    assertInvalid(
        () -> ImportToken.open(secret, KEY_ID, Arrays.copyOf(token, token.length - 1), ISSUED));
    byte[] longer = Arrays.copyOf(token, token.length + 1);
    assertInvalid(() -> ImportToken.open(secret, KEY_ID, longer, ISSUED));
    byte[] version2 = token.clone();
    version2[0] = 2;
    assertInvalid(() -> ImportToken.open(secret, KEY_ID, version2, ISSUED));
  }

  @Test
  void eachTokenIsSealedAfresh() {
    byte[] first = seal();
    byte[] second = seal();
    assertFalse(Arrays.equals(first, second));
    assertEquals(first.length, second.length);
    assertEquals(1 + 16 + 12 + 8 + 4 + 9 + 25 + privateKeyDer.length + 16, first.length);
  }

  @Test
  void aSecretOfTheWrongSizeIsAProgrammingError() {
    CryptoException e =
        assertThrows(
            CryptoException.class,
            () ->
                ImportToken.seal(
                    new byte[16],
                    KEY_ID,
                    WrappingKeySpec.RSA_2048,
                    WrappingAlgorithm.RSAES_OAEP_SHA_256,
                    privateKeyDer,
                    ISSUED));
    assertEquals(CryptoException.class, e.getClass());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ImportToken.seal(
                secret,
                "",
                WrappingKeySpec.RSA_2048,
                WrappingAlgorithm.RSAES_OAEP_SHA_256,
                privateKeyDer,
                ISSUED));
  }

  private static void assertInvalid(org.junit.jupiter.api.function.Executable open) {
    InvalidImportTokenException e = assertThrows(InvalidImportTokenException.class, open);
    assertEquals(INVALID, e.getMessage());
    assertTrue(e.getCause() == null);
  }
}
