package com.verenc.kms.node.auth.condition;

import static com.verenc.kms.node.auth.condition.TestRequest.holds;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Null: true asks that the request lack the key, false that it have it. */
class NullConditionTest {
  private static final String TAG = "aws:RequestTag/Project";

  @Test
  void trueHoldsWhenTheKeyIsAbsent() {
    assertTrue(holds("Null", TAG, "true", TestRequest.empty()));
    assertTrue(holds("Null", TAG, "\"True\"", TestRequest.empty()));
    assertFalse(holds("Null", TAG, "true", TestRequest.with(TAG, "x")));
  }

  @Test
  void falseHoldsWhenTheKeyIsPresent() {
    assertTrue(holds("Null", TAG, "false", TestRequest.with(TAG, "x")));
    assertTrue(holds("Null", TAG, "\"false\"", TestRequest.with(TAG, "")));
    assertFalse(holds("Null", TAG, "false", TestRequest.empty()));
  }

  @Test
  void bothValuesAreAlternatives() {
    assertTrue(holds("Null", TAG, "[true, false]", TestRequest.empty()));
    assertTrue(holds("Null", TAG, "[true, false]", TestRequest.with(TAG, "x")));
  }

  @Test
  void theTagKeyIsComparedCaseSensitively() {
    assertTrue(holds("Null", TAG, "true", TestRequest.with("aws:RequestTag/project", "x")));
    assertFalse(holds("Null", TAG, "true", TestRequest.with("AWS:requesttag/Project", "x")));
  }
}
