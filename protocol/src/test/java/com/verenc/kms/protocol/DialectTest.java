package com.verenc.kms.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DialectTest {

  @Test
  void configuredNamesAreReadInAnyCase() {
    assertEquals(Dialect.AWS, Dialect.parse("aws"));
    assertEquals(Dialect.AWS, Dialect.parse("AWS"));
    assertEquals(Dialect.SEED, Dialect.parse("Seed"));
  }

  @Test
  void unknownNameSaysWhatIsAccepted() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Dialect.parse("azure"));
    assertTrue(
        e.getMessage().contains("'azure'") && e.getMessage().contains("'aws' or 'seed'"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Dialect.parse(null));
  }
}
