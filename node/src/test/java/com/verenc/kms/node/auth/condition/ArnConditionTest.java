package com.verenc.kms.node.auth.condition;

import static com.verenc.kms.node.auth.condition.TestRequest.holds;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Arn operators match an ARN's six fields each on its own, wildcards included. */
class ArnConditionTest {
  private static final String PRINCIPAL = "aws:PrincipalArn";
  private static final TestRequest ALICE =
      TestRequest.with(PRINCIPAL, "arn:aws:iam::111122223333:user/team/alice");

  @Test
  void equalsAndLikeBothTakeWildcards() {
    for (String op : new String[] {"ArnEquals", "ArnLike"}) {
      assertTrue(holds(op, PRINCIPAL, "\"arn:aws:iam::111122223333:user/team/alice\"", ALICE), op);
      assertTrue(holds(op, PRINCIPAL, "\"arn:aws:iam::111122223333:user/*\"", ALICE), op);
      assertTrue(holds(op, PRINCIPAL, "\"arn:aws:iam::*:user/team/alice\"", ALICE), op);
      assertTrue(holds(op, PRINCIPAL, "\"arn:*:*:*:*:*\"", ALICE), op);
      assertTrue(holds(op, PRINCIPAL, "\"arn:aws:iam::1111222233?3:user/team/alice\"", ALICE), op);
      assertFalse(holds(op, PRINCIPAL, "\"arn:aws:iam::444455556666:user/*\"", ALICE), op);
      assertFalse(holds(op, PRINCIPAL, "\"arn:aws:iam::111122223333:role/*\"", ALICE), op);
    }
  }

  @Test
  void aStarStaysInsideItsField() {
    // As one pattern over the whole text, the account's * would run on into the resource.
    TestRequest tricky = TestRequest.with(PRINCIPAL, "arn:aws:iam::111122223333:role/x:user/alice");
    assertFalse(holds("ArnLike", PRINCIPAL, "\"arn:aws:iam::*:user/*\"", tricky));
    assertTrue(holds("StringLike", PRINCIPAL, "\"arn:aws:iam::*:user/*\"", tricky));
    TestRequest colonInResource =
        TestRequest.with(PRINCIPAL, "arn:aws:iam::111122223333:user/x:alice");
    assertFalse(holds("ArnLike", PRINCIPAL, "\"arn:aws:*:*:*:alice\"", colonInResource));
    assertTrue(holds("ArnLike", PRINCIPAL, "\"arn:aws:*:*:*:*:alice\"", colonInResource));
    assertTrue(holds("ArnLike", PRINCIPAL, "\"arn:aws:*:*:111122223333:*\"", ALICE));
    assertFalse(holds("ArnLike", PRINCIPAL, "\"arn:aws:*:111122223333:*:*\"", ALICE));
  }

  @Test
  void theResourceIsEverythingAfterTheFifthColon() {
    TestRequest logGroup =
        TestRequest.with("aws:SourceArn", "arn:aws:logs:ch-gva-2:111122223333:log-group:app:*");
    assertTrue(holds("ArnLike", "aws:SourceArn", "\"arn:aws:logs:*:*:log-group:*\"", logGroup));
    assertTrue(holds("ArnLike", "aws:SourceArn", "\"arn:aws:logs:*:*:*\"", logGroup));
    assertFalse(holds("ArnLike", "aws:SourceArn", "\"arn:aws:logs:*:*:log-group\"", logGroup));
  }

  @Test
  void fieldsAreCaseSensitive() {
    assertFalse(holds("ArnLike", PRINCIPAL, "\"arn:aws:IAM::111122223333:user/*\"", ALICE));
    assertFalse(
        holds("ArnLike", PRINCIPAL, "\"arn:aws:iam::111122223333:user/team/Alice\"", ALICE));
  }

  @Test
  void aRequestValueThatIsNotAnArnMatchesNothing() {
    TestRequest notAnArn = TestRequest.with(PRINCIPAL, "arn:aws:iam:111122223333:alice");
    assertFalse(holds("ArnLike", PRINCIPAL, "\"arn:*:*:*:*:*\"", notAnArn));
    assertFalse(
        holds("ArnLike", PRINCIPAL, "\"*:*:*:*:*:*\"", TestRequest.with(PRINCIPAL, "alice")));
    assertTrue(holds("ArnNotLike", PRINCIPAL, "\"arn:*:*:*:*:*\"", notAnArn));
  }

  @Test
  void negatedOperatorsWantNoValueToMatch() {
    assertTrue(holds("ArnNotEquals", PRINCIPAL, "\"arn:aws:iam::*:role/*\"", ALICE));
    assertFalse(
        holds(
            "ArnNotEquals",
            PRINCIPAL,
            "[\"arn:aws:iam::*:role/*\", \"arn:aws:iam::*:user/*\"]",
            ALICE));
    assertTrue(
        holds(
            "ArnNotLike", PRINCIPAL, "[\"arn:aws:iam::*:role/*\", \"arn:aws:kms:*:*:*\"]", ALICE));
    assertFalse(holds("ArnNotLike", PRINCIPAL, "\"arn:aws:iam::111122223333:user/*\"", ALICE));
  }

  @Test
  void missingKeyAndIfExists() {
    TestRequest none = TestRequest.empty();
    assertFalse(holds("ArnLike", PRINCIPAL, "\"arn:*:*:*:*:*\"", none));
    assertTrue(holds("ArnNotLike", PRINCIPAL, "\"arn:*:*:*:*:*\"", none));
    assertTrue(holds("ArnLikeIfExists", PRINCIPAL, "\"arn:aws:iam::*:role/*\"", none));
    assertFalse(holds("ArnLikeIfExists", PRINCIPAL, "\"arn:aws:iam::*:role/*\"", ALICE));
  }

  @Test
  void aHostileResourcePatternMatchesInBoundedTime() {
    String resource = "*a".repeat(5_000) + "*b*";
    TestRequest request =
        TestRequest.with(PRINCIPAL, "arn:aws:iam::111122223333:" + "a".repeat(200_000));
    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () ->
            assertFalse(
                holds("ArnLike", PRINCIPAL, "\"arn:aws:iam::*:" + resource + "\"", request)));
  }
}
