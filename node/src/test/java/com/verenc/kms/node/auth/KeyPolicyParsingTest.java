package com.verenc.kms.node.auth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What PutKeyPolicy, CreateKey and ReplicateKey refuse, each with a message naming the problem, and
 * that hostile wildcards cost nothing to evaluate.
 */
class KeyPolicyParsingTest {
  static final String ACCOUNT = "111122223333";
  static final List<String> KEY =
      List.of(
          "arn:verenc:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
          "arn:aws:kms:ch-gva-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
  static final String ROOT = "{\"AWS\":\"arn:aws:iam::111122223333:root\"}";
  static final String ALLOW_ALL =
      "{\"Effect\":\"Allow\",\"Principal\":"
          + ROOT
          + ",\"Action\":\"kms:*\","
          + "\"Resource\":\"*\"}";

  /** A one-statement policy whose statement has the given members after Effect. */
  private static String withStatement(String members) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\"," + members + "}]}";
  }

  private static String refusal(String document) {
    KmsException e =
        assertThrows(KmsException.class, () -> KeyPolicy.parse(document, ACCOUNT), document);
    assertEquals(ErrorCode.MALFORMED_POLICY, e.code(), document);
    assertTrue(e.getMessage().startsWith("The key policy is malformed: "), e.getMessage());
    for (String internal :
        List.of("jackson", "Duplicate field", "Unrecognized token", "Exception", "[Source")) {
      assertFalse(e.getMessage().contains(internal), e.getMessage());
    }
    return e.getMessage();
  }

  private static void assertRefused(String document, String expectedReason) {
    String message = refusal(document);
    assertTrue(
        message.contains(expectedReason),
        () -> "expected \"" + expectedReason + "\" in: " + message);
  }

  @Test
  void aMemberGivenTwiceIsRefusedNamingIt() {
    // A lenient reader keeps the last value: this would act as Allow while a reader sees Deny.
    assertEquals(
        "The key policy is malformed: Statement[0] has the member \"Effect\" twice.",
        refusal(
            "{\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Effect\":\"Allow\"}]}"));
    assertRefused(
        "{\"Statement\":[" + ALLOW_ALL + "],\"Statement\":[]}",
        "the policy has the member \"Statement\" twice");
    assertRefused(
        withStatement(
            "\"Principal\":{\"AWS\":\"*\",\"AWS\":\"111122223333\"},\"Action\":\"kms:*\""),
        "Statement[0].Principal has the member \"AWS\" twice");
    assertRefused(
        withStatement(
            "\"Principal\":\"*\",\"Action\":\"kms:*\",\"Condition\":{\"StringEquals\":"
                + "{\"kms:CallerAccount\":\"1\",\"kms:CallerAccount\":\"2\"}}"),
        "Statement[0].Condition.StringEquals has the member \"kms:CallerAccount\" twice");
  }

  @Test
  void everyStatementNamesItsResourceAndSidsAreUnique() {
    assertRefused(
        withStatement("\"Principal\":" + ROOT + ",\"Action\":\"kms:*\""),
        "Statement[0] needs a Resource");
    String twice =
        "{\"Statement\":[{\"Sid\":\"same\",\"Effect\":\"Allow\",\"Principal\":"
            + ROOT
            + ",\"Action\":\"kms:*\",\"Resource\":\"*\"},{\"Sid\":\"same\",\"Effect\":\"Deny\",\"Principal\":"
            + ROOT
            + ",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}]}";
    assertRefused(twice, "Statement[1].Sid \"same\" is the Sid of an earlier statement");
    // A document stored under the earlier rules still means what it meant: the key, and both
    // statements.
    String stored = withStatement("\"Principal\":" + ROOT + ",\"Action\":\"kms:*\"");
    assertEquals(
        PolicyDecision.ALLOW,
        KeyPolicy.forStoredDocument(stored, ACCOUNT).evaluate(ACCOUNT, "kms:Encrypt", KEY));
    assertEquals(
        PolicyDecision.EXPLICIT_DENY,
        KeyPolicy.forStoredDocument(twice, ACCOUNT).evaluate(ACCOUNT, "kms:Decrypt", KEY));
  }

  @Test
  void contentAfterTheDocumentIsRefused() {
    String valid = "{\"Statement\":[" + ALLOW_ALL + "]}";
    assertRefused(
        valid + " GARBAGE {", "the policy has more content after its JSON object (line 1, column");
    assertRefused(valid + valid, "more content after its JSON object");
    assertRefused(valid + " 1", "more content after its JSON object");
    assertDoesNotThrow(() -> KeyPolicy.parse(valid + " \n\t ", ACCOUNT));
  }

  @Test
  void invalidJsonIsRefusedWithItsPlace() {
    assertRefused(
        "{\"Statement\":[" + ALLOW_ALL + ",]}", "the policy is not valid JSON (line 1, column");
    assertRefused("", "the policy is empty");
    assertRefused("[]", "the policy must be a JSON object");
    assertRefused("[".repeat(5000), "the policy nests deeper");
  }

  @Test
  void unknownTopLevelMembersAreRefused() {
    assertRefused(
        "{\"Statement\":[" + ALLOW_ALL + "],\"Statment\":[]}",
        "the policy has the member \"Statment\", which a key policy does not have; use Version, Id and Statement");
  }

  @Test
  void unknownStatementMembersAreRefused() {
    assertRefused(
        withStatement("\"Principal\":\"*\",\"Action\":\"kms:*\",\"Conditions\":{}"),
        "Statement[0] has the member \"Conditions\", which a policy statement does not have");
    assertRefused(
        withStatement(
            "\"Principal\":\"*\",\"Action\":\"kms:*\",\"Effect\\n2024-01-01 ERROR forged\":1"),
        "the member \"Effect\\u000a2024-01-01 ERROR forged\"");
  }

  @Test
  void notPrincipalAndNotResourceAreRefusedAsBefore() {
    assertRefused(
        withStatement("\"Principal\":\"*\",\"Action\":\"kms:*\",\"NotResource\":\"x\""),
        "NotResource is not supported; use Principal and Resource");
    assertRefused(
        withStatement("\"NotPrincipal\":\"*\",\"Action\":\"kms:*\""),
        "NotPrincipal is not supported; use Principal and Resource");
  }

  @Test
  void versionMustBeAKnownPolicyLanguageVersion() {
    for (String version : List.of("\"2012-10-18\"", "20121017", "null", "[\"2012-10-17\"]")) {
      assertRefused(
          "{\"Version\":" + version + ",\"Statement\":[" + ALLOW_ALL + "]}",
          "Version must be \"2012-10-17\" or \"2008-10-17\"");
    }
    assertDoesNotThrow(
        () ->
            KeyPolicy.parse(
                "{\"Version\":\"2008-10-17\",\"Statement\":" + ALLOW_ALL + "}", ACCOUNT));
  }

  @Test
  void idAndSidMustBeStrings() {
    assertRefused("{\"Id\":7,\"Statement\":[" + ALLOW_ALL + "]}", "Id must be a string");
    assertRefused(
        withStatement("\"Sid\":{},\"Principal\":\"*\",\"Action\":\"kms:*\""),
        "Statement[0].Sid must be a string");
  }

  @Test
  void effectMustBeAllowOrDeny() {
    assertRefused(
        "{\"Statement\":[{\"Principal\":\"*\",\"Action\":\"kms:*\"}]}",
        "Statement[0] needs \"Effect\": \"Allow\" or \"Deny\"");
    for (String effect : List.of("\"allow\"", "true", "[\"Allow\"]", "\"Maybe\"")) {
      assertRefused(
          "{\"Statement\":["
              + ALLOW_ALL
              + ",{\"Effect\":"
              + effect
              + ",\"Principal\":\"*\","
              + "\"Action\":\"kms:*\"}]}",
          "Statement[1].Effect must be \"Allow\" or \"Deny\"");
    }
  }

  @Test
  void principalMustBeStarOrAnAwsObject() {
    assertRefused(withStatement("\"Action\":\"kms:*\""), "Statement[0] needs a Principal");
    for (String principal : List.of("\"111122223333\"", "[\"*\"]", "7")) {
      assertRefused(
          withStatement("\"Principal\":" + principal + ",\"Action\":\"kms:*\""),
          "Statement[0].Principal must be \"*\" or an object such as {\"AWS\": \"arn:aws:iam::111122223333:root\"}");
    }
    assertRefused(
        withStatement("\"Principal\":{\"Service\":\"kms.amazonaws.com\"},\"Action\":\"kms:*\""),
        "Statement[0].Principal.Service is not supported; name accounts with Statement[0].Principal.AWS");
    assertRefused(
        withStatement("\"Principal\":{},\"Action\":\"kms:*\""),
        "Statement[0].Principal must name accounts with AWS");
    assertRefused(
        withStatement("\"Principal\":{\"AWS\":[]},\"Action\":\"kms:*\""),
        "Statement[0].Principal.AWS must be a string or a non-empty list of strings");
    assertRefused(
        withStatement("\"Principal\":{\"AWS\":[\"*\",1]},\"Action\":\"kms:*\""),
        "Statement[0].Principal.AWS[1] must be a string");
  }

  @Test
  void actionAndResourceMustBeStringsOrNonEmptyLists() {
    assertRefused(
        withStatement("\"Principal\":\"*\""), "Statement[0] needs an Action or NotAction");
    assertRefused(
        withStatement("\"Principal\":\"*\",\"Action\":\"kms:*\",\"NotAction\":\"kms:Encrypt\""),
        "Statement[0] has both Action and NotAction");
    assertRefused(
        withStatement("\"Principal\":\"*\",\"Action\":[]"),
        "Statement[0].Action must be a string or a non-empty list of strings");
    assertRefused(
        withStatement("\"Principal\":\"*\",\"NotAction\":{\"kms\":\"*\"}"),
        "Statement[0].NotAction must be a string or a non-empty list of strings");
    assertRefused(
        withStatement("\"Principal\":\"*\",\"Action\":[\"kms:Encrypt\",null]"),
        "Statement[0].Action[1] must be a string");
    assertRefused(
        withStatement("\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":42"),
        "Statement[0].Resource must be a string or a non-empty list of strings");
  }

  @Test
  void conditionMustBeAnObject() {
    assertRefused(
        withStatement("\"Principal\":\"*\",\"Action\":\"kms:*\",\"Condition\":\"true\""),
        "Statement[0].Condition must be an object");
  }

  @Test
  void statementMustBeAnObjectOrANonEmptyListOfObjects() {
    assertRefused("{\"Version\":\"2012-10-17\"}", "the policy must have a non-empty Statement");
    assertRefused("{\"Statement\":[]}", "the policy must have a non-empty Statement");
    assertRefused(
        "{\"Statement\":\"Allow\"}", "Statement must be an object or a non-empty list of objects");
    assertRefused("{\"Statement\":[" + ALLOW_ALL + ",[]]}", "Statement[1] must be an object");
  }

  @Test
  void principalsOfAnotherAccountAreAcceptedAndAllowThatAccount() {
    for (String other :
        List.of(
            "444455556666",
            "arn:aws:iam::444455556666:root",
            "arn:aws:iam::444455556666:user/alice",
            "arn:aws:iam::444455556666:role/ops",
            "arn:verenc:iam::444455556666:root",
            "arn:verenc:444455556666:root")) {
      KeyPolicy p =
          KeyPolicy.parse(
              withStatement(
                  "\"Principal\":{\"AWS\":\""
                      + other
                      + "\"},\"Action\":\"kms:*\",\"Resource\":\"*\""),
              ACCOUNT);
      Principal named =
          other.contains("user/")
              ? new Principal("444455556666", Principal.Kind.USER, "alice")
              : other.contains("role/")
                  ? new Principal("444455556666", Principal.Kind.ROLE, "ops")
                  : Principal.root("444455556666");
      assertEquals(
          PolicyOutcome.ALLOWS_PRINCIPAL,
          p.evaluate(named, "kms:Encrypt", KEY, key -> List.of()),
          other);
      assertEquals(PolicyDecision.IMPLICIT_DENY, p.evaluate(ACCOUNT, "kms:Encrypt", KEY), other);
    }
    for (String notAPrincipal : List.of("alice", "arn:aws:iam::user/alice", "")) {
      assertRefused(
          withStatement(
              "\"Principal\":{\"AWS\":\""
                  + notAPrincipal
                  + "\"},\"Action\":\"kms:*\",\"Resource\":\"*\""),
          "Statement[0].Principal.AWS \"" + notAPrincipal + "\" is not a principal");
    }
    for (String own :
        List.of(
            "\"*\"", "{\"AWS\":\"*\"}", ROOT, "{\"AWS\":\"arn:aws:iam::111122223333:role/ops\"}")) {
      assertDoesNotThrow(
          () ->
              KeyPolicy.parse(
                  withStatement(
                      "\"Principal\":" + own + ",\"Action\":\"kms:*\",\"Resource\":\"*\""),
                  ACCOUNT),
          own);
    }
  }

  @Test
  void aPolicyForAnotherAccountOnlyIsValidButLeavesTheOwnerNothing() {
    // The key's lockout check (PutKeyPolicy must stay allowed to the owner) refuses it on a key.
    String policy = KeyPolicies.defaultFor("444455556666");
    assertDoesNotThrow(() -> KeyPolicies.validate(policy, ACCOUNT));
    assertEquals(
        PolicyDecision.IMPLICIT_DENY,
        KeyPolicy.parse(policy, ACCOUNT).evaluate(ACCOUNT, "kms:PutKeyPolicy", KEY));
  }

  @Test
  void starHeavyPatternsThatUsedToBacktrackEvaluateCorrectly() {
    String stars =
        "{\"Effect\":\"%s\",\"Principal\":" + ROOT + ",\"Action\":\"%s\",\"Resource\":\"%s\"}";
    KeyPolicy p =
        KeyPolicy.parse(
            "{\"Statement\":["
                + String.format(stars, "Allow", "kms:*", "******!")
                + ","
                + String.format(stars, "Deny", "kms:**********!", "*")
                + ","
                + String.format(
                    stars,
                    "Deny",
                    "kms:Decrypt",
                    "*1*1*1*1*1*1*1*1*1*1*1*1*1*1*1*1*1*1*1*1*1*1*1*1*1*X")
                + ","
                + String.format(stars, "Deny", "*" + "?".repeat(60) + "!", "*")
                + ","
                + String.format(stars, "Allow", "kms:Encrypt", "******ab")
                + "]}",
            ACCOUNT);
    assertEquals(PolicyDecision.ALLOW, p.evaluate(ACCOUNT, "kms:Encrypt", KEY));
    assertEquals(PolicyDecision.IMPLICIT_DENY, p.evaluate(ACCOUNT, "kms:Decrypt", KEY));
  }

  @Test
  void longAlternatingPatternsEvaluateCorrectly() {
    String alternating = "*a".repeat(8_000) + "*b";
    KeyPolicy p =
        KeyPolicy.parse(
            "{\"Statement\":["
                + ALLOW_ALL
                + ",{\"Effect\":\"Deny\",\"Principal\":\"*\","
                + "\"Action\":\""
                + alternating
                + "\",\"Resource\":[\""
                + alternating
                + "\",\"*a*b\"]}]}",
            ACCOUNT);
    assertEquals(PolicyDecision.ALLOW, p.evaluate(ACCOUNT, "kms:CreateAlias", KEY));
    KeyPolicy matching =
        KeyPolicy.parse(
            "{\"Statement\":["
                + ALLOW_ALL
                + ",{\"Effect\":\"Deny\",\"Principal\":\"*\","
                + "\"Action\":\"*a*a*\",\"Resource\":\"*a*b\"}]}",
            ACCOUNT);
    assertEquals(PolicyDecision.EXPLICIT_DENY, matching.evaluate(ACCOUNT, "kms:CreateAlias", KEY));
    assertEquals(PolicyDecision.ALLOW, matching.evaluate(ACCOUNT, "kms:Encrypt", KEY));
  }
}
