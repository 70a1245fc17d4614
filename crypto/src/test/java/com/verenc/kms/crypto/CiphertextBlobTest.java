package com.verenc.kms.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class CiphertextBlobTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] SALT = HEX.parseHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
  private static final byte[] IV = HEX.parseHex("000102030405060708090a0b");
  private static final byte[] SEALED = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff00");

  @Test
  void encodesFormatV1Layout() {
    CiphertextBlob blob = new CiphertextBlob("mrk-1", 258, SALT, IV, SEALED);
    byte[] expectedHeader = HEX.parseHex("01" + "05" + "6d726b2d31" + "00000102");
    assertArrayEquals(expectedHeader, blob.header());
    assertArrayEquals(
        HEX.parseHex(
            HEX.formatHex(expectedHeader)
                + HEX.formatHex(SALT)
                + HEX.formatHex(IV)
                + HEX.formatHex(SEALED)),
        blob.encode());
  }

  @Test
  void decodeInvertsEncode() {
    String longId = "k".repeat(255);
    CiphertextBlob blob = new CiphertextBlob(longId, Integer.MAX_VALUE, SALT, IV, SEALED);
    CiphertextBlob decoded = CiphertextBlob.decode(blob.encode());
    assertEquals(blob, decoded);
    assertEquals(longId, decoded.keyId());
    assertEquals(Integer.MAX_VALUE, decoded.materialVersion());
    assertArrayEquals(SALT, decoded.salt());
    assertArrayEquals(IV, decoded.iv());
    assertArrayEquals(SEALED, decoded.sealed());
    assertEquals(longId, CiphertextBlob.keyIdOf(blob.encode()));
  }

  @Test
  void arraysAreCopiedInAndOut() {
    byte[] salt = SALT.clone();
    byte[] iv = IV.clone();
    byte[] sealed = SEALED.clone();
    CiphertextBlob blob = new CiphertextBlob("k", 1, salt, iv, sealed);
    salt[0] ^= 1;
    iv[0] ^= 1;
    sealed[0] ^= 1;
    blob.salt()[1] ^= 1;
    blob.iv()[1] ^= 1;
    blob.sealed()[1] ^= 1;
    assertArrayEquals(SALT, blob.salt());
    assertArrayEquals(IV, blob.iv());
    assertArrayEquals(SEALED, blob.sealed());
    assertNotSame(blob.salt(), blob.salt());
    assertNotSame(blob.sealed(), blob.sealed());
  }

  @Test
  void equalityCoversSalt() {
    byte[] otherSalt = SALT.clone();
    otherSalt[15] ^= 1;
    assertEquals(
        new CiphertextBlob("k", 1, SALT, IV, SEALED),
        new CiphertextBlob("k", 1, SALT.clone(), IV, SEALED));
    assertNotEquals(
        new CiphertextBlob("k", 1, SALT, IV, SEALED),
        new CiphertextBlob("k", 1, otherSalt, IV, SEALED));
  }

  @Test
  void constructorValidates() {
    assertInvalidArgs(() -> new CiphertextBlob("", 1, SALT, IV, SEALED));
    assertInvalidArgs(() -> new CiphertextBlob("k".repeat(256), 1, SALT, IV, SEALED));
    assertInvalidArgs(() -> new CiphertextBlob("key_id", 1, SALT, IV, SEALED));
    assertInvalidArgs(() -> new CiphertextBlob("kéy", 1, SALT, IV, SEALED));
    assertInvalidArgs(() -> new CiphertextBlob("k", 0, SALT, IV, SEALED));
    assertInvalidArgs(() -> new CiphertextBlob("k", -1, SALT, IV, SEALED));
    assertInvalidArgs(() -> new CiphertextBlob("k", 1, new byte[15], IV, SEALED));
    assertInvalidArgs(() -> new CiphertextBlob("k", 1, new byte[17], IV, SEALED));
    assertInvalidArgs(() -> new CiphertextBlob("k", 1, new byte[12], IV, SEALED));
    assertInvalidArgs(() -> new CiphertextBlob("k", 1, SALT, new byte[11], SEALED));
    assertThrows(NullPointerException.class, () -> new CiphertextBlob("k", 1, null, IV, SEALED));
    assertInvalidArgs(() -> new CiphertextBlob("k", 1, SALT, IV, new byte[15]));
  }

  @Test
  void decodeRejectsMalformedBlobs() {
    byte[] good = new CiphertextBlob("key-1", 1, SALT, IV, SEALED).encode();
    assertMalformed(null);
    assertMalformed(new byte[0]);
    assertMalformed(with(good, 0, 0x02));
    assertMalformed(with(good, 0, 0x00));
    assertMalformed(with(good, 1, 0x00));
    assertMalformed(with(good, 1, 0xff));
    assertMalformed(with(good, 2, '_'));
    assertMalformed(with(good, 2, 0x80));
    assertMalformed(with(good, 10, 0x00)); // material version 0
    assertMalformed(with(good, 7, 0x80)); // material version negative
    for (int length = 0; length < good.length - SEALED.length + AesGcm.TAG_BYTES; length++) {
      assertMalformed(java.util.Arrays.copyOf(good, length));
    }
  }

  @Test
  void toStringOmitsBytes() {
    assertEquals(
        "CiphertextBlob[keyId=k, materialVersion=3, sealed=17 bytes]",
        new CiphertextBlob("k", 3, SALT, IV, SEALED).toString());
  }

  private static byte[] with(byte[] blob, int index, int value) {
    byte[] copy = blob.clone();
    copy[index] = (byte) value;
    return copy;
  }

  private static void assertInvalidArgs(Executable executable) {
    assertEquals(CryptoException.class, assertThrows(CryptoException.class, executable).getClass());
  }

  private static void assertMalformed(byte[] blob) {
    InvalidCiphertextException e =
        assertThrows(InvalidCiphertextException.class, () -> CiphertextBlob.decode(blob));
    assertEquals("ciphertext blob is malformed", e.getMessage());
    InvalidCiphertextException peek =
        assertThrows(InvalidCiphertextException.class, () -> CiphertextBlob.keyIdOf(blob));
    assertEquals("ciphertext blob is malformed", peek.getMessage());
  }
}
