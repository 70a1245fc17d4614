package com.verenc.kms.node.auth.condition;

import static com.verenc.kms.node.auth.condition.TestRequest.holds;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bool: true or false in any case, JSON booleans counting as their text. */
class BoolConditionTest {
  private static final String TLS = "aws:SecureTransport";

  @Test
  void comparesTruthIgnoringCase() {
    assertTrue(holds("Bool", TLS, "true", TestRequest.with(TLS, "true")));
    assertTrue(holds("Bool", TLS, "\"TRUE\"", TestRequest.with(TLS, "true")));
    assertTrue(holds("Bool", TLS, "\"true\"", TestRequest.with(TLS, "True")));
    assertFalse(holds("Bool", TLS, "true", TestRequest.with(TLS, "false")));
    assertTrue(holds("Bool", TLS, "false", TestRequest.with(TLS, "FALSE")));
    assertTrue(holds("Bool", TLS, "[true, false]", TestRequest.with(TLS, "false")));
  }

  @Test
  void aRequestValueOtherThanTrueOrFalseMatchesNothing() {
    assertFalse(holds("Bool", TLS, "true", TestRequest.with(TLS, "yes")));
    assertFalse(holds("Bool", TLS, "false", TestRequest.with(TLS, "")));
    assertFalse(holds("Bool", TLS, "[true, false]", TestRequest.with(TLS, "1")));
  }

  @Test
  void missingKeyAndIfExists() {
    assertFalse(holds("Bool", TLS, "false", TestRequest.empty()));
    assertTrue(holds("BoolIfExists", TLS, "false", TestRequest.empty()));
    assertFalse(holds("BoolIfExists", TLS, "false", TestRequest.with(TLS, "true")));
  }
}
