package com.verenc.kms.node.auth.condition;

import static com.verenc.kms.node.auth.condition.TestRequest.holds;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** ForAnyValue: and ForAllValues: over a multi-valued key, with none, one and many values. */
class SetOperatorTest {
  private static final String KEYS = "kms:EncryptionContextKeys";
  private static final String ALLOWED = "[\"tenant\", \"purpose\"]";
  private static final TestRequest NONE = TestRequest.empty();
  private static final TestRequest ONE_ALLOWED = TestRequest.with(KEYS, "tenant");
  private static final TestRequest ONE_OTHER = TestRequest.with(KEYS, "other");
  private static final TestRequest ALL_ALLOWED = TestRequest.with(KEYS, "tenant", "purpose");
  private static final TestRequest MIXED = TestRequest.with(KEYS, "tenant", "other");
  private static final TestRequest ALL_OTHER = TestRequest.with(KEYS, "other", "more");

  @Test
  void forAnyValueWantsSomeRequestValueToMatch() {
    String op = "ForAnyValue:StringEquals";
    assertFalse(holds(op, KEYS, ALLOWED, NONE));
    assertTrue(holds(op, KEYS, ALLOWED, ONE_ALLOWED));
    assertFalse(holds(op, KEYS, ALLOWED, ONE_OTHER));
    assertTrue(holds(op, KEYS, ALLOWED, ALL_ALLOWED));
    assertTrue(holds(op, KEYS, ALLOWED, MIXED));
    assertFalse(holds(op, KEYS, ALLOWED, ALL_OTHER));
  }

  @Test
  void forAllValuesWantsEveryRequestValueToMatch() {
    String op = "ForAllValues:StringEquals";
    assertTrue(holds(op, KEYS, ALLOWED, NONE), "no values: vacuously true");
    assertTrue(holds(op, KEYS, ALLOWED, ONE_ALLOWED));
    assertFalse(holds(op, KEYS, ALLOWED, ONE_OTHER));
    assertTrue(holds(op, KEYS, ALLOWED, ALL_ALLOWED));
    assertFalse(holds(op, KEYS, ALLOWED, MIXED));
    assertFalse(holds(op, KEYS, ALLOWED, ALL_OTHER));
  }

  @Test
  void forAnyValueOfANegatedOperatorWantsSomeValueOutsideThePolicyValues() {
    String op = "ForAnyValue:StringNotEquals";
    assertFalse(holds(op, KEYS, ALLOWED, NONE));
    assertFalse(holds(op, KEYS, ALLOWED, ONE_ALLOWED));
    assertTrue(holds(op, KEYS, ALLOWED, ONE_OTHER));
    assertFalse(holds(op, KEYS, ALLOWED, ALL_ALLOWED));
    assertTrue(holds(op, KEYS, ALLOWED, MIXED));
    assertTrue(holds(op, KEYS, ALLOWED, ALL_OTHER));
  }

  @Test
  void forAllValuesOfANegatedOperatorWantsEveryValueOutsideThePolicyValues() {
    String op = "ForAllValues:StringNotEquals";
    assertTrue(holds(op, KEYS, ALLOWED, NONE));
    assertFalse(holds(op, KEYS, ALLOWED, ONE_ALLOWED));
    assertTrue(holds(op, KEYS, ALLOWED, ONE_OTHER));
    assertFalse(holds(op, KEYS, ALLOWED, ALL_ALLOWED));
    assertFalse(holds(op, KEYS, ALLOWED, MIXED));
    assertTrue(holds(op, KEYS, ALLOWED, ALL_OTHER));
  }

  @Test
  void withoutAPrefixSeveralRequestValuesAreAlternatives() {
    assertFalse(holds("StringEquals", KEYS, ALLOWED, NONE));
    assertTrue(holds("StringEquals", KEYS, ALLOWED, MIXED));
    assertFalse(holds("StringEquals", KEYS, ALLOWED, ALL_OTHER));
    assertTrue(holds("StringNotEquals", KEYS, ALLOWED, NONE));
    assertFalse(holds("StringNotEquals", KEYS, ALLOWED, MIXED));
    assertTrue(holds("StringNotEquals", KEYS, ALLOWED, ALL_OTHER));
  }

  @Test
  void ifExistsCombinesWithAPrefix() {
    assertTrue(holds("ForAnyValue:StringEqualsIfExists", KEYS, ALLOWED, NONE));
    assertTrue(holds("ForAnyValue:StringEqualsIfExists", KEYS, ALLOWED, MIXED));
    assertFalse(holds("ForAnyValue:StringEqualsIfExists", KEYS, ALLOWED, ALL_OTHER));
    assertTrue(holds("ForAllValues:StringLikeIfExists", KEYS, "\"t*\"", NONE));
    assertFalse(holds("ForAllValues:StringLikeIfExists", KEYS, "\"t*\"", MIXED));
  }

  @Test
  void prefixesApplyToEveryFamily() {
    String address = "aws:SourceIp";
    TestRequest addresses = TestRequest.with(address, "10.0.0.1", "192.0.2.1");
    assertTrue(holds("ForAnyValue:IpAddress", address, "\"10.0.0.0/8\"", addresses));
    assertFalse(holds("ForAllValues:IpAddress", address, "\"10.0.0.0/8\"", addresses));
    assertTrue(holds("ForAnyValue:NotIpAddress", address, "\"10.0.0.0/8\"", addresses));
    String days = "kms:RotationPeriodInDays";
    TestRequest numbers = TestRequest.with(days, "30", "400");
    assertTrue(holds("ForAllValues:NumericLessThan", days, "500", numbers));
    assertFalse(holds("ForAllValues:NumericLessThan", days, "100", numbers));
  }
}
