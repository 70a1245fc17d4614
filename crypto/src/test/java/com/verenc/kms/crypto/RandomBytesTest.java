package com.verenc.kms.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RandomBytesTest {

  @Test
  void returnsRequestedLength() {
    assertEquals(0, RandomBytes.next(0).length);
    assertEquals(32, RandomBytes.next(32).length);
  }

  @Test
  void successiveCallsDiffer() {
    assertFalse(Arrays.equals(RandomBytes.next(32), RandomBytes.next(32)));
  }

  @Test
  void rejectsNegativeCount() {
    assertThrows(CryptoException.class, () -> RandomBytes.next(-1));
  }
}
