package com.verenc.kms.crypto.masterkey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.crypto.CryptoException;
import com.verenc.kms.crypto.KeyWrap;
import com.verenc.kms.crypto.RandomBytes;
import java.util.List;
import org.junit.jupiter.api.Test;

class MasterKeyRingTest {
  private final FileMasterKey old = FileMasterKey.generate();
  private final FileMasterKey current = FileMasterKey.generate();
  private final MasterKeyRing ring = MasterKeyRing.of(current, List.of(old));

  @Test
  void newSecretsAreWrappedUnderTheCurrentKey() {
    byte[] secret = RandomBytes.next(32);
    byte[] stored = ring.wrap(secret);
    assertEquals(current.id(), WrappedSecret.decode(stored).wrappedBy());
    assertArrayEquals(secret, current.unwrap(stored));
    assertFalse(ring.needsRewrap(stored));
  }

  @Test
  void secretsOfEitherKeyOpenByTheKeyTheirHeaderNames() {
    byte[] secret = RandomBytes.next(32);
    assertArrayEquals(secret, ring.unwrap(old.wrap(secret)));
    assertArrayEquals(secret, ring.unwrap(current.wrap(secret)));
    assertTrue(ring.needsRewrap(old.wrap(secret)));
  }

  @Test
  void rewrapMovesASecretUnderTheCurrentKeyUnchanged() {
    byte[] secret = RandomBytes.next(32);
    byte[] rewrapped = ring.rewrap(old.wrap(secret));
    assertEquals(current.id(), WrappedSecret.decode(rewrapped).wrappedBy());
    assertArrayEquals(secret, current.unwrap(rewrapped));
    assertThrows(CryptoException.class, () -> old.unwrap(rewrapped));
  }

  @Test
  void unnamedSecretsOpenWithWhicheverKeyFileWrappedThem() {
    byte[] secret = RandomBytes.next(32);
    byte[] bare = KeyWrap.wrap(old.encoded(), secret);
    assertEquals(MasterKeyId.UNNAMED_FILE, WrappedSecret.decode(bare).wrappedBy());
    assertArrayEquals(secret, ring.unwrap(bare));
    assertTrue(ring.needsRewrap(bare));
    assertEquals(current.id(), WrappedSecret.decode(ring.rewrap(bare)).wrappedBy());
    byte[] stranger = KeyWrap.wrap(FileMasterKey.generate().encoded(), secret);
    assertThrows(CryptoException.class, () -> ring.unwrap(stranger));
  }

  @Test
  void aSecretOfAKeyTheRingLacksIsRefusedNamingTheKeys() {
    FileMasterKey other = FileMasterKey.generate();
    CryptoException e =
        assertThrows(CryptoException.class, () -> ring.unwrap(other.wrap(RandomBytes.next(32))));
    assertTrue(e.getMessage().contains("wrapped under master key " + other.id()), e.getMessage());
    assertTrue(
        e.getMessage().contains("current " + current.id() + ", previous " + old.id()),
        e.getMessage());
    assertThrows(
        CryptoException.class, () -> MasterKeyRing.of(current).unwrap(old.wrap(new byte[32])));
  }

  @Test
  void aKeyGivenTwiceIsRefused() {
    FileMasterKey same = FileMasterKey.of(current.encoded());
    CryptoException e =
        assertThrows(CryptoException.class, () -> MasterKeyRing.of(current, List.of(same)));
    assertTrue(e.getMessage().contains("given twice"), e.getMessage());
  }

  @Test
  void withoutPreviousKeysTheRingIsTheCurrentKey() {
    MasterKeyRing alone = MasterKeyRing.of(current);
    assertEquals(List.of(), alone.previous());
    assertEquals("current " + current.id(), alone.describe());
    byte[] secret = RandomBytes.next(32);
    assertArrayEquals(secret, alone.unwrap(alone.wrap(secret)));
  }
}
