package com.verenc.kms.crypto.masterkey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.verenc.kms.crypto.CryptoException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WrappedSecretTest {

  @Test
  void theHeaderNamesTheKindAndNameOfTheMasterKey() {
    MasterKeyId id = new MasterKeyId(MasterKeyId.Kind.PKCS11, "kms-master");
    byte[] payload = {9, 8, 7};
    byte[] stored = new WrappedSecret(id, WrappedSecret.headerFor(id), payload).encode();
    byte[] expectedHeader =
        concat(new byte[] {'V', 'M', 'K', 1, 2, 10}, "kms-master".getBytes(StandardCharsets.UTF_8));
    assertArrayEquals(concat(expectedHeader, payload), stored);
    WrappedSecret decoded = WrappedSecret.decode(stored);
    assertEquals(id, decoded.wrappedBy());
    assertArrayEquals(expectedHeader, decoded.header());
    assertArrayEquals(payload, decoded.payload());
  }

  @Test
  void fortyBytesAreASecretStoredBeforeTheHeaderExisted() {
    byte[] bare = new byte[40];
    Arrays.fill(bare, (byte) 'V');
    WrappedSecret decoded = WrappedSecret.decode(bare);
    assertEquals(MasterKeyId.UNNAMED_FILE, decoded.wrappedBy());
    assertArrayEquals(bare, decoded.payload());
  }

  @Test
  void aHeadedFileSecretIsNeverFortyBytes() {
    FileMasterKey key = FileMasterKey.generate();
    for (int length = 1; length <= 64; length++) {
      byte[] stored = key.wrap(new byte[length]);
      assertEquals(key.id(), WrappedSecret.decode(stored).wrappedBy(), "length " + length);
    }
  }

  @Test
  void malformedValuesAreRefused() {
    MasterKeyId id = new MasterKeyId(MasterKeyId.Kind.FILE, "ab");
    byte[] header = WrappedSecret.headerFor(id);
    byte[] unknownKind = concat(header, new byte[] {1});
    unknownKind[4] = 7;
    byte[] otherFormat = concat(header, new byte[] {1});
    otherFormat[3] = 2;
    for (byte[] bad :
        new byte[][] {
          new byte[0], new byte[39], header, unknownKind, otherFormat, "not a secret".getBytes()
        }) {
      assertThrows(CryptoException.class, () -> WrappedSecret.decode(bad));
    }
  }

  @Test
  void namesAreOneTo255Bytes() {
    assertThrows(CryptoException.class, () -> new MasterKeyId(MasterKeyId.Kind.PKCS11, ""));
    assertThrows(
        CryptoException.class, () -> new MasterKeyId(MasterKeyId.Kind.PKCS11, "x".repeat(256)));
    assertEquals(255, new MasterKeyId(MasterKeyId.Kind.PKCS11, "x".repeat(255)).name().length());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
