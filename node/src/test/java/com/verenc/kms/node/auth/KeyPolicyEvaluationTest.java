package com.verenc.kms.node.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.auth.condition.ConditionContext;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Effect, Principal, Action and Resource evaluation of key policies; an explicit Deny wins. */
class KeyPolicyEvaluationTest {
  static final String ACCOUNT = "111122223333";
  static final List<String> KEY =
      List.of(
          "arn:verenc:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
          "arn:aws:kms:ch-gva-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");

  /** A policy the owning account sends. */
  private static KeyPolicy parse(String document) {
    return KeyPolicy.parse(document, ACCOUNT);
  }

  private static String policy(String... statements) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
  }

  private static String statement(String effect, String principal, String action, String resource) {
    return "{\"Effect\":\""
        + effect
        + "\",\"Principal\":"
        + principal
        + ",\"Action\":"
        + action
        + ",\"Resource\":"
        + resource
        + "}";
  }

  @Test
  void defaultPolicyAllowsTheOwningAccountEverything() {
    KeyPolicy p = parse(KeyPolicies.defaultFor(ACCOUNT));
    for (String action :
        List.of("kms:Encrypt", "kms:Decrypt", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion")) {
      assertEquals(PolicyDecision.ALLOW, p.evaluate(ACCOUNT, action, KEY), action);
    }
    assertEquals(PolicyDecision.IMPLICIT_DENY, p.evaluate("444455556666", "kms:Encrypt", KEY));
  }

  @Test
  void explicitDenyWinsOverAllow() {
    KeyPolicy p =
        parse(
            policy(
                statement(
                    "Allow", "{\"AWS\":\"arn:aws:iam::111122223333:root\"}", "\"kms:*\"", "\"*\""),
                statement("Deny", "\"*\"", "\"kms:Encrypt\"", "\"*\"")));
    assertEquals(PolicyDecision.EXPLICIT_DENY, p.evaluate(ACCOUNT, "kms:Encrypt", KEY));
    assertEquals(PolicyDecision.ALLOW, p.evaluate(ACCOUNT, "kms:Decrypt", KEY));
  }

  @Test
  void actionWildcardsAndListsMatchCaseInsensitively() {
    KeyPolicy p =
        parse(
            policy(
                statement(
                    "Allow",
                    "{\"AWS\":[\"111122223333\"]}",
                    "[\"kms:Generate*\",\"KMS:describe?ey\"]",
                    "\"*\"")));
    assertEquals(PolicyDecision.ALLOW, p.evaluate(ACCOUNT, "kms:GenerateDataKey", KEY));
    assertEquals(
        PolicyDecision.ALLOW, p.evaluate(ACCOUNT, "kms:GenerateDataKeyWithoutPlaintext", KEY));
    assertEquals(PolicyDecision.ALLOW, p.evaluate(ACCOUNT, "kms:DescribeKey", KEY));
    assertEquals(PolicyDecision.IMPLICIT_DENY, p.evaluate(ACCOUNT, "kms:Encrypt", KEY));
  }

  @Test
  void notActionAllowsEverythingElse() {
    KeyPolicy p =
        parse(
            "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"NotAction\":\"kms:ScheduleKeyDeletion\",\"Resource\":\"*\"}}");
    assertEquals(PolicyDecision.ALLOW, p.evaluate(ACCOUNT, "kms:Encrypt", KEY));
    assertEquals(PolicyDecision.IMPLICIT_DENY, p.evaluate(ACCOUNT, "kms:ScheduleKeyDeletion", KEY));
  }

  @Test
  void resourceMustNameTheKeyInEitherArnForm() {
    KeyPolicy verenc =
        parse(policy(statement("Allow", "\"*\"", "\"kms:*\"", "\"" + KEY.get(0) + "\"")));
    KeyPolicy aws =
        parse(
            policy(
                statement("Allow", "\"*\"", "\"kms:*\"", "\"arn:aws:kms:*:111122223333:key/*\"")));
    KeyPolicy other =
        parse(
            policy(
                statement("Allow", "\"*\"", "\"kms:*\"", "\"arn:verenc:111122223333:key/other\"")));
    assertEquals(PolicyDecision.ALLOW, verenc.evaluate(ACCOUNT, "kms:Encrypt", KEY));
    assertEquals(PolicyDecision.ALLOW, aws.evaluate(ACCOUNT, "kms:Encrypt", KEY));
    assertEquals(PolicyDecision.IMPLICIT_DENY, other.evaluate(ACCOUNT, "kms:Encrypt", KEY));
  }

  @Test
  void principalOfAnotherAccountInAStoredPolicyMatchesThatAccountOnly() {
    KeyPolicy p =
        KeyPolicy.forStoredDocument(
            policy(
                statement(
                    "Allow", "{\"AWS\":\"arn:aws:iam::444455556666:root\"}", "\"kms:*\"", "\"*\""),
                statement("Allow", "\"*\"", "\"kms:DescribeKey\"", "\"*\"")),
            ACCOUNT);
    assertEquals(PolicyDecision.IMPLICIT_DENY, p.evaluate(ACCOUNT, "kms:Encrypt", KEY));
    assertEquals(PolicyDecision.ALLOW, p.evaluate("444455556666", "kms:Encrypt", KEY));
    assertEquals(PolicyDecision.ALLOW, p.evaluate(ACCOUNT, "kms:DescribeKey", KEY));
  }

  @Test
  void principalsInEveryAccountRootFormMatchTheOwner() {
    for (String root :
        List.of(
            "\"111122223333\"",
            "\"arn:aws:iam::111122223333:root\"",
            "\"arn:verenc:iam::111122223333:root\"",
            "\"arn:verenc:111122223333:root\"",
            "[\"*\"]")) {
      KeyPolicy p =
          parse(policy(statement("Allow", "{\"AWS\":" + root + "}", "\"kms:*\"", "\"*\"")));
      assertEquals(PolicyDecision.ALLOW, p.evaluate(ACCOUNT, "kms:Encrypt", KEY), root);
    }
  }

  @Test
  void usersAndRolesOfTheOwnAccountAreAcceptedButMatchNothingYet() {
    KeyPolicy p =
        parse(
            policy(
                statement(
                    "Allow",
                    "{\"AWS\":[\"arn:aws:iam::111122223333:user/alice\",\"arn:aws:iam::111122223333:role/ops\"]}",
                    "\"kms:*\"",
                    "\"*\"")));
    assertEquals(PolicyDecision.IMPLICIT_DENY, p.evaluate(ACCOUNT, "kms:Encrypt", KEY));
  }

  @Test
  void conditionsDecideWhetherAStatementApplies() {
    String condition =
        ",\"Condition\":{\"StringEquals\":{\"kms:EncryptionContext:tenant\":\"blue\"}}}";
    KeyPolicy allow =
        parse(
            policy(statement("Allow", "\"*\"", "\"kms:*\"", "\"*\"").replaceAll("}$", condition)));
    KeyPolicy deny =
        parse(
            policy(
                statement("Allow", "\"*\"", "\"kms:*\"", "\"*\""),
                statement("Deny", "\"*\"", "\"kms:Decrypt\"", "\"*\"")
                    .replaceAll("}$", condition)));
    Principal root = Principal.root(ACCOUNT);
    assertEquals(
        PolicyOutcome.ALLOWS_PRINCIPAL, allow.evaluate(root, "kms:Encrypt", KEY, tenant("blue")));
    assertEquals(PolicyOutcome.NO_ALLOW, allow.evaluate(root, "kms:Encrypt", KEY, tenant("red")));
    assertEquals(
        PolicyOutcome.NO_ALLOW, allow.evaluate(root, "kms:Encrypt", KEY, key -> List.of()));
    assertEquals(
        PolicyOutcome.EXPLICIT_DENY, deny.evaluate(root, "kms:Decrypt", KEY, tenant("blue")));
    assertEquals(
        PolicyOutcome.ALLOWS_PRINCIPAL, deny.evaluate(root, "kms:Decrypt", KEY, tenant("red")));
    assertTrue(allow.hasConditions());
  }

  @Test
  void anAccountStatementDelegatesToIdentityPoliciesWhileAPrincipalStatementAllowsDirectly() {
    Principal alice = new Principal(ACCOUNT, Principal.Kind.USER, "alice");
    Principal bob = new Principal(ACCOUNT, Principal.Kind.USER, "bob");
    KeyPolicy p =
        parse(
            policy(
                statement(
                    "Allow", "{\"AWS\":\"arn:aws:iam::111122223333:root\"}", "\"kms:*\"", "\"*\""),
                statement(
                    "Allow",
                    "{\"AWS\":\"arn:aws:iam::111122223333:user/alice\"}",
                    "\"kms:Decrypt\"",
                    "\"*\"")));
    assertEquals(
        PolicyOutcome.ALLOWS_PRINCIPAL, p.evaluate(alice, "kms:Decrypt", KEY, key -> List.of()));
    assertEquals(
        PolicyOutcome.ALLOWS_ACCOUNT, p.evaluate(alice, "kms:Encrypt", KEY, key -> List.of()));
    assertEquals(
        PolicyOutcome.ALLOWS_ACCOUNT, p.evaluate(bob, "kms:Decrypt", KEY, key -> List.of()));
    assertEquals(
        PolicyOutcome.ALLOWS_PRINCIPAL,
        p.evaluate(Principal.root(ACCOUNT), "kms:Encrypt", KEY, key -> List.of()));
  }

  private static ConditionContext tenant(String value) {
    return key ->
        key.name().equals("kms:encryptioncontext:") && key.variable().equals("tenant")
            ? List.of(value)
            : List.of();
  }

  @Test
  void malformedPoliciesAreRefusedWithTheReason() {
    for (String bad :
        List.of(
            "not json",
            "[]",
            "{}",
            "{\"Statement\":[]}",
            "{\"Statement\":[{\"Effect\":\"Maybe\",\"Principal\":\"*\",\"Action\":\"kms:*\"}]}",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\"}]}",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\"}]}",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":[]}]}",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"NotResource\":\"x\"}]}",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"NotPrincipal\":\"*\",\"Action\":\"kms:*\"}]}",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"NotAction\":\"kms:Encrypt\"}]}",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"111122223333\"},\"Action\":\"kms:*\"}]}")) {
      KmsException e = assertThrows(KmsException.class, () -> parse(bad), bad);
      assertEquals(ErrorCode.MALFORMED_POLICY, e.code(), bad);
    }
  }
}
