package com.verenc.kms.node.auth.condition;

import static com.verenc.kms.node.auth.condition.TestRequest.holds;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.util.RawValue;
import org.junit.jupiter.api.Test;

/** Numeric operators compare as decimals; a request value that is not a number matches nothing. */
class NumericConditionTest {
  private static final String DAYS = "kms:RotationPeriodInDays";

  private static TestRequest days(String value) {
    return TestRequest.with(DAYS, value);
  }

  @Test
  void everyComparison() {
    assertTrue(holds("NumericEquals", DAYS, "90", days("90")));
    assertFalse(holds("NumericEquals", DAYS, "90", days("91")));
    assertTrue(holds("NumericNotEquals", DAYS, "90", days("91")));
    assertFalse(holds("NumericNotEquals", DAYS, "90", days("90")));
    assertTrue(holds("NumericLessThan", DAYS, "90", days("89")));
    assertFalse(holds("NumericLessThan", DAYS, "90", days("90")));
    assertTrue(holds("NumericLessThanEquals", DAYS, "90", days("90")));
    assertFalse(holds("NumericLessThanEquals", DAYS, "90", days("91")));
    assertTrue(holds("NumericGreaterThan", DAYS, "90", days("91")));
    assertFalse(holds("NumericGreaterThan", DAYS, "90", days("90")));
    assertTrue(holds("NumericGreaterThanEquals", DAYS, "90", days("90")));
    assertFalse(holds("NumericGreaterThanEquals", DAYS, "90", days("89")));
  }

  @Test
  void valuesCompareAsDecimalsNotAsText() {
    assertTrue(holds("NumericEquals", DAYS, "\"90.0\"", days("90")));
    assertTrue(holds("NumericEquals", DAYS, "90", days("9e1")));
    assertTrue(holds("NumericEquals", DAYS, "\"1e2\"", days("100")));
    assertTrue(holds("NumericLessThan", DAYS, "\"100\"", days("99.5")));
    assertTrue(holds("NumericLessThan", DAYS, "\"90.5\"", days("90")));
    assertFalse(holds("NumericGreaterThan", DAYS, "\"90.5\"", days("90")));
    assertTrue(holds("NumericGreaterThan", DAYS, "\"-0.5\"", days("0")));
    assertTrue(holds("NumericLessThan", DAYS, "\"-0.5\"", days("-1")));
    assertTrue(holds("NumericLessThan", DAYS, "\"-1.5\"", days("-2")));
    assertFalse(holds("NumericLessThan", DAYS, "\"-1.5\"", days("-1")));
    assertTrue(holds("NumericGreaterThan", DAYS, "\"5e-999999999\"", days("1")));
    assertTrue(holds("NumericLessThan", DAYS, "\"5e-999999999\"", days("0")));
  }

  @Test
  void policyValuesBeyondTheLongRangeCompareRightly() {
    assertTrue(holds("NumericLessThan", DAYS, "\"1e30\"", days("999999999999999999")));
    assertTrue(holds("NumericGreaterThan", DAYS, "\"-1e30\"", days("-999999999999999999")));
    assertTrue(holds("NumericLessThan", DAYS, "\"1e999999999\"", days("5")));
    assertTrue(holds("NumericLessThan", DAYS, "\"9223372036854775807.5\"", days("7")));
    assertTrue(
        holds("NumericEquals", DAYS, "\"12345678901234567890\"", days("12345678901234567890")));
    assertFalse(
        holds("NumericEquals", DAYS, "\"12345678901234567890\"", days("12345678901234567891")));
  }

  @Test
  void aRequestValueThatIsNotANumberMatchesNothing() {
    assertFalse(holds("NumericEquals", DAYS, "90", days("ninety")));
    assertFalse(holds("NumericLessThan", DAYS, "90", days("")));
    assertFalse(holds("NumericLessThan", DAYS, "90", days("1e")));
    assertFalse(holds("NumericLessThan", DAYS, "90", days("1e99999999999")));
    assertFalse(holds("NumericLessThan", DAYS, "90", days(" 1")));
    // ... so it satisfies a negated operator, which wants no policy value to match.
    assertTrue(holds("NumericNotEquals", DAYS, "90", days("ninety")));
  }

  @Test
  void missingKeyAndIfExists() {
    TestRequest none = TestRequest.empty();
    assertFalse(holds("NumericLessThan", DAYS, "90", none));
    assertTrue(holds("NumericNotEquals", DAYS, "90", none));
    assertTrue(holds("NumericLessThanIfExists", DAYS, "90", none));
    assertFalse(holds("NumericLessThanIfExists", DAYS, "90", days("120")));
  }

  @Test
  void severalPolicyValuesAreAlternativesAndANegationWantsNone() {
    assertTrue(holds("NumericEquals", DAYS, "[30, 90, 365]", days("90")));
    assertFalse(holds("NumericEquals", DAYS, "[30, 365]", days("90")));
    assertFalse(holds("NumericNotEquals", DAYS, "[30, 90, 365]", days("90")));
    assertTrue(holds("NumericNotEquals", DAYS, "[30, 365]", days("90")));
  }

  @Test
  void numbersAsTheStrictPolicyReaderKeepsThem() {
    // PolicyJson keeps a number as a raw-value node holding its text.
    var condition = JsonNodeFactory.instance.objectNode();
    condition
        .putObject("NumericLessThanEquals")
        .set(DAYS, JsonNodeFactory.instance.rawValueNode(new RawValue("365.0")));
    ConditionBlock block = ConditionBlock.parse(condition, "Statement[0].Condition");
    assertTrue(block.matches(days("365")));
    assertFalse(block.matches(days("366")));
  }
}
