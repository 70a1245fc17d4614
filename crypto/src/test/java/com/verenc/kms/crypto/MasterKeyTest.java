package com.verenc.kms.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MasterKeyTest {

  @Test
  void ofCopiesAndValidatesLength() {
    byte[] raw = RandomBytes.next(32);
    MasterKey key = MasterKey.of(raw);
    byte[] original = raw.clone();
    raw[0] ^= 1;
    assertArrayEquals(original, key.encoded());
    assertThrows(CryptoException.class, () -> MasterKey.of(new byte[16]));
    assertThrows(CryptoException.class, () -> MasterKey.of(new byte[33]));
  }

  @Test
  void encodedReturnsACopy() {
    MasterKey key = MasterKey.generate();
    byte[] first = key.encoded();
    first[0] ^= 1;
    assertFalse(Arrays.equals(first, key.encoded()));
    assertNotSame(key.encoded(), key.encoded());
  }

  @Test
  void generatedKeysDiffer() {
    assertFalse(Arrays.equals(MasterKey.generate().encoded(), MasterKey.generate().encoded()));
  }

  @Test
  void wrapsAndUnwrapsMaterial() {
    MasterKey key = MasterKey.generate();
    byte[] material = Envelope.newMaterial();
    byte[] wrapped = key.wrap(material);
    assertEquals(40, wrapped.length);
    assertArrayEquals(material, key.unwrap(wrapped));
    assertArrayEquals(material, KeyWrap.unwrap(key.encoded(), wrapped));
    assertThrows(CryptoException.class, () -> MasterKey.generate().unwrap(wrapped));
  }

  @Test
  void toStringRevealsNothing() {
    assertEquals("MasterKey[AES-256, redacted]", MasterKey.generate().toString());
  }
}
