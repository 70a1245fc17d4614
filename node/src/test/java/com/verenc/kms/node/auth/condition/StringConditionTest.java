package com.verenc.kms.node.auth.condition;

import static com.verenc.kms.node.auth.condition.TestRequest.holds;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** String operators: exact, ignoring case, wildcards, and their negations. */
class StringConditionTest {
  private static final String TENANT = "kms:EncryptionContext:tenant";
  private static final TestRequest ACME = TestRequest.with(TENANT, "acme");

  @Test
  void stringEqualsMatchesOneOfTheValuesExactly() {
    assertTrue(holds("StringEquals", TENANT, "\"acme\"", ACME));
    assertTrue(holds("StringEquals", TENANT, "[\"globex\", \"acme\"]", ACME));
    assertFalse(holds("StringEquals", TENANT, "\"globex\"", ACME));
    assertFalse(holds("StringEquals", TENANT, "\"ACME\"", ACME));
    assertFalse(holds("StringEquals", TENANT, "\"acm*\"", ACME), "* is literal in StringEquals");
  }

  @Test
  void stringNotEqualsHoldsOnlyWhenNoValueMatches() {
    assertTrue(holds("StringNotEquals", TENANT, "\"globex\"", ACME));
    assertFalse(holds("StringNotEquals", TENANT, "\"acme\"", ACME));
    // The values of a negated operator are a NOR, not an OR of negations.
    assertFalse(holds("StringNotEquals", TENANT, "[\"globex\", \"acme\"]", ACME));
    assertTrue(holds("StringNotEquals", TENANT, "[\"globex\", \"initech\"]", ACME));
  }

  @Test
  void ignoreCaseOperatorsFoldCase() {
    assertTrue(holds("StringEqualsIgnoreCase", TENANT, "\"ACME\"", ACME));
    assertFalse(holds("StringEqualsIgnoreCase", TENANT, "\"ACMEE\"", ACME));
    assertFalse(holds("StringNotEqualsIgnoreCase", TENANT, "[\"x\", \"AcMe\"]", ACME));
    assertTrue(holds("StringNotEqualsIgnoreCase", TENANT, "[\"x\", \"y\"]", ACME));
  }

  @Test
  void stringLikeTakesWildcardsCaseSensitively() {
    assertTrue(holds("StringLike", TENANT, "\"ac*\"", ACME));
    assertTrue(holds("StringLike", TENANT, "\"a?me\"", ACME));
    assertTrue(holds("StringLike", TENANT, "[\"x*\", \"*me\"]", ACME));
    assertFalse(holds("StringLike", TENANT, "\"AC*\"", ACME));
    assertFalse(holds("StringLike", TENANT, "\"a?e\"", ACME));
    assertTrue(holds("StringNotLike", TENANT, "[\"x*\", \"y*\"]", ACME));
    assertFalse(holds("StringNotLike", TENANT, "[\"x*\", \"a*\"]", ACME));
  }

  @Test
  void aMissingKeyFailsPositiveOperatorsAndSatisfiesNegatedOnes() {
    TestRequest none = TestRequest.empty();
    assertFalse(holds("StringEquals", TENANT, "\"acme\"", none));
    assertFalse(holds("StringEqualsIgnoreCase", TENANT, "\"acme\"", none));
    assertFalse(holds("StringLike", TENANT, "\"*\"", none));
    assertTrue(holds("StringNotEquals", TENANT, "\"acme\"", none));
    assertTrue(holds("StringNotEqualsIgnoreCase", TENANT, "\"acme\"", none));
    assertTrue(holds("StringNotLike", TENANT, "\"*\"", none));
  }

  @Test
  void ifExistsHoldsWhenTheKeyIsMissingAndComparesOtherwise() {
    TestRequest none = TestRequest.empty();
    assertTrue(holds("StringEqualsIfExists", TENANT, "\"acme\"", none));
    assertTrue(holds("StringLikeIfExists", TENANT, "\"x*\"", none));
    assertTrue(holds("StringEqualsIfExists", TENANT, "\"acme\"", ACME));
    assertFalse(holds("StringEqualsIfExists", TENANT, "\"globex\"", ACME));
    assertFalse(holds("StringNotEqualsIfExists", TENANT, "\"acme\"", ACME));
    assertTrue(holds("StringNotEqualsIfExists", TENANT, "\"acme\"", none));
  }

  @Test
  void numbersAndBooleansInThePolicyAreComparedAsTheirText() {
    TestRequest request = TestRequest.with("kms:RotationPeriodInDays", "90");
    assertTrue(holds("StringEquals", "kms:RotationPeriodInDays", "90", request));
    assertFalse(holds("StringEquals", "kms:RotationPeriodInDays", "91", request));
    assertTrue(
        holds(
            "StringEquals",
            "aws:SecureTransport",
            "true",
            TestRequest.with("aws:SecureTransport", "true")));
    assertTrue(holds("StringLike", "kms:RotationPeriodInDays", "[\"9?\"]", request));
  }

  @Test
  void severalRequestValuesWithoutAPrefixAreAlternatives() {
    TestRequest both = TestRequest.with("kms:EncryptionContextKeys", "tenant", "purpose");
    assertTrue(holds("StringEquals", "kms:EncryptionContextKeys", "\"purpose\"", both));
    assertFalse(holds("StringEquals", "kms:EncryptionContextKeys", "\"other\"", both));
    // Negated: no request value may match any policy value.
    assertFalse(holds("StringNotEquals", "kms:EncryptionContextKeys", "\"purpose\"", both));
    assertTrue(holds("StringNotEquals", "kms:EncryptionContextKeys", "\"other\"", both));
  }

  @Test
  void aHostilePatternMatchesInBoundedTime() {
    String stars = "*a".repeat(5_000) + "*b*";
    String text = "a".repeat(200_000);
    TestRequest request = TestRequest.with(TENANT, text);
    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () -> {
          assertFalse(holds("StringLike", TENANT, "\"" + stars + "\"", request));
          assertFalse(holds("StringLike", TENANT, "\"" + "*".repeat(10_000) + "!\"", request));
          assertTrue(holds("StringLike", TENANT, "\"" + "*a".repeat(5_000) + "*\"", request));
          assertTrue(holds("StringNotLike", TENANT, "\"" + stars + "\"", request));
        });
  }
}
