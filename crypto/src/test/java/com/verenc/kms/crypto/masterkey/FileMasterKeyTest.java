package com.verenc.kms.crypto.masterkey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.crypto.CryptoException;
import com.verenc.kms.crypto.Envelope;
import com.verenc.kms.crypto.KeyWrap;
import com.verenc.kms.crypto.RandomBytes;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FileMasterKeyTest {

  @Test
  void ofCopiesAndValidatesLength() {
    byte[] raw = RandomBytes.next(32);
    FileMasterKey key = FileMasterKey.of(raw);
    byte[] original = raw.clone();
    raw[0] ^= 1;
    assertArrayEquals(original, key.encoded());
    assertThrows(CryptoException.class, () -> FileMasterKey.of(new byte[16]));
    assertThrows(CryptoException.class, () -> FileMasterKey.of(new byte[33]));
  }

  @Test
  void encodedReturnsACopy() {
    FileMasterKey key = FileMasterKey.generate();
    byte[] first = key.encoded();
    first[0] ^= 1;
    assertFalse(Arrays.equals(first, key.encoded()));
    assertNotSame(key.encoded(), key.encoded());
  }

  @Test
  void generatedKeysDiffer() {
    assertFalse(
        Arrays.equals(FileMasterKey.generate().encoded(), FileMasterKey.generate().encoded()));
  }

  @Test
  void theIdIsAFingerprintOfTheKey() {
    byte[] raw = RandomBytes.next(32);
    MasterKeyId id = FileMasterKey.of(raw).id();
    assertEquals(MasterKeyId.Kind.FILE, id.kind());
    assertTrue(id.name().matches("[0-9a-f]{16}"), id.name());
    assertEquals(id, FileMasterKey.of(raw).id());
    assertNotEquals(id, FileMasterKey.generate().id());
  }

  @Test
  void wrapsIntoAStoredFormNamingTheKey() {
    FileMasterKey key = FileMasterKey.generate();
    byte[] material = Envelope.newMaterial();
    byte[] wrapped = key.wrap(material);
    WrappedSecret decoded = WrappedSecret.decode(wrapped);
    assertEquals(key.id(), decoded.wrappedBy());
    assertArrayEquals(material, KeyWrap.unwrap(key.encoded(), decoded.payload()));
    assertArrayEquals(material, key.unwrap(wrapped));
  }

  @Test
  void unwrapsSecretsStoredBeforeSecretsNamedTheirMasterKey() {
    FileMasterKey key = FileMasterKey.generate();
    byte[] secret = RandomBytes.next(32);
    byte[] bare = KeyWrap.wrap(key.encoded(), secret);
    assertEquals(MasterKeyId.UNNAMED_FILE, WrappedSecret.decode(bare).wrappedBy());
    assertArrayEquals(secret, key.unwrap(bare));
    assertThrows(CryptoException.class, () -> FileMasterKey.generate().unwrap(bare));
  }

  @Test
  void refusesASecretOfAnotherMasterKeyNamingBoth() {
    FileMasterKey mine = FileMasterKey.generate();
    FileMasterKey other = FileMasterKey.generate();
    CryptoException e =
        assertThrows(CryptoException.class, () -> mine.unwrap(other.wrap(new byte[32])));
    assertTrue(e.getMessage().contains(other.id().toString()), e.getMessage());
    assertTrue(e.getMessage().contains(mine.id().toString()), e.getMessage());
  }

  @Test
  void aTamperedSecretFailsItsIntegrityCheck() {
    FileMasterKey key = FileMasterKey.generate();
    byte[] wrapped = key.wrap(new byte[32]);
    wrapped[wrapped.length - 1] ^= 1;
    assertThrows(CryptoException.class, () -> key.unwrap(wrapped));
  }

  @Test
  void toStringRevealsOnlyTheFingerprint() {
    FileMasterKey key = FileMasterKey.generate();
    assertEquals("FileMasterKey[AES-256, " + key.id() + ", redacted]", key.toString());
  }
}
