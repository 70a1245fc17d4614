package com.verenc.kms.node.auth.condition;

import static com.verenc.kms.node.auth.condition.TestRequest.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A Condition that cannot be compiled is refused, naming the place and what to fix. */
class MalformedConditionTest {

  @Test
  void theConditionMustBeAnObject() {
    assertEquals(
        "Statement[2].Condition must be an object of condition operators, such as"
            + " {\"StringEquals\": {\"kms:CallerAccount\": \"111122223333\"}}",
        assertThrows(
                MalformedCondition.class,
                () -> ConditionBlock.parse(TestRequest.json("[]"), "Statement[2].Condition"))
            .getMessage());
  }

  @Test
  void anUnknownOperatorListsTheOperators() {
    String message = refusal("{\"StringEqualz\": {\"kms:CallerAccount\": \"1\"}}");
    assertTrue(
        message.startsWith(
            "Statement[0].Condition.StringEqualz is not a condition operator; use StringEquals,"
                + " StringNotEquals, "),
        message);
    assertTrue(message.contains("ArnNotLike, Null"), message);
    assertFalse(message.endsWith("."), message);
  }

  @Test
  void operatorNamesAreCaseSensitive() {
    assertEquals(
        "Statement[0].Condition.stringequals is not a condition operator; operator names are"
            + " case-sensitive: use StringEquals",
        refusal("{\"stringequals\": {\"kms:CallerAccount\": \"1\"}}"));
    assertEquals(
        "Statement[0].Condition.ForAnyValue:STRINGLIKEIfExists is not a condition operator;"
            + " operator names are case-sensitive: use StringLike",
        refusal("{\"ForAnyValue:STRINGLIKEIfExists\": {\"kms:CallerAccount\": \"1\"}}"));
    assertTrue(
        refusal("{\"StringEqualsifexists\": {\"k\": \"1\"}}")
            .contains("is not a condition operator"));
    assertTrue(refusal("{\"IfExists\": {\"k\": \"1\"}}").contains("is not a condition operator"));
  }

  @Test
  void anUnknownSetPrefixIsRefused() {
    assertEquals(
        "Statement[0].Condition.ForSomeValues:StringEquals has the prefix \"ForSomeValues:\","
            + " which is not a set operator; use ForAnyValue: or ForAllValues:",
        refusal("{\"ForSomeValues:StringEquals\": {\"k\": \"1\"}}"));
    assertTrue(
        refusal("{\"foranyvalue:StringEquals\": {\"k\": \"1\"}}")
            .contains("is not a set operator"));
  }

  @Test
  void nullTakesNeitherIfExistsNorAPrefix() {
    assertEquals(
        "Statement[0].Condition.NullIfExists is not allowed: Null itself tests whether the key is"
            + " present; use Null",
        refusal("{\"NullIfExists\": {\"k\": true}}"));
    assertEquals(
        "Statement[0].Condition.ForAllValues:Null is not allowed: Null tests whether the key is"
            + " present and takes no ForAnyValue: or ForAllValues: prefix",
        refusal("{\"ForAllValues:Null\": {\"k\": true}}"));
  }

  @Test
  void anOperatorNeedsAnObjectOfKeys() {
    String expected =
        "Statement[0].Condition.StringEquals must be an object naming at least one condition key"
            + " and its values, such as {\"kms:CallerAccount\": \"111122223333\"}";
    assertEquals(expected, refusal("{\"StringEquals\": \"kms:CallerAccount\"}"));
    assertEquals(expected, refusal("{\"StringEquals\": {}}"));
  }

  @Test
  void valuesMustBeScalarsInANonEmptyBoundedList() {
    String key = "Statement[0].Condition.StringEquals.kms:EncryptionContext:tenant";
    assertEquals(
        key + "[3] must be a string, number or boolean",
        refusal("{\"StringEquals\": {\"kms:EncryptionContext:tenant\": [\"a\", 1, true, {}]}}"));
    assertEquals(
        key + "[0] must be a string, number or boolean",
        refusal("{\"StringEquals\": {\"kms:EncryptionContext:tenant\": [null]}}"));
    assertEquals(
        key + "[1] must be a string, number or boolean",
        refusal("{\"StringEquals\": {\"kms:EncryptionContext:tenant\": [\"a\", [\"b\"]]}}"));
    assertEquals(
        key + " must be a string, number or boolean, or a list of them",
        refusal("{\"StringEquals\": {\"kms:EncryptionContext:tenant\": null}}"));
    assertEquals(
        key + " must be a string, number or boolean, or a list of them",
        refusal("{\"StringEquals\": {\"kms:EncryptionContext:tenant\": {\"a\": 1}}}"));
    assertEquals(
        key + " is an empty list; give at least one value",
        refusal("{\"StringEquals\": {\"kms:EncryptionContext:tenant\": []}}"));
    String many = "[" + "\"x\",".repeat(100) + "\"x\"]";
    assertEquals(
        key + " has 101 values; a condition key takes at most 100",
        refusal("{\"StringEquals\": {\"kms:EncryptionContext:tenant\": " + many + "}}"));
  }

  @Test
  void valuesMustSuitTheOperator() {
    assertEquals(
        "Statement[0].Condition.NumericLessThan.kms:RotationPeriodInDays[1] must be a number or a"
            + " string holding one, e.g. 90 or \"90\"",
        refusal("{\"NumericLessThan\": {\"kms:RotationPeriodInDays\": [90, \"ninety\"]}}"));
    assertTrue(
        refusal("{\"NumericEquals\": {\"k\": true}}")
            .endsWith("must be a number or a string holding one, e.g. 90 or \"90\""));
    assertTrue(
        refusal("{\"NumericEquals\": {\"k\": \"1e99999999999\"}}").contains("must be a number"));
    assertEquals(
        "Statement[0].Condition.DateLessThan.aws:CurrentTime must be an ISO 8601 date or"
            + " date-time, e.g. \"2025-01-31\" or \"2025-01-31T12:00:00Z\" (UTC when it has no"
            + " offset), or epoch seconds",
        refusal("{\"DateLessThan\": {\"aws:CurrentTime\": \"next week\"}}"));
    assertTrue(
        refusal("{\"DateLessThan\": {\"k\": \"2025-02-30\"}}").contains("must be an ISO 8601"));
    assertTrue(refusal("{\"DateLessThan\": {\"k\": false}}").contains("must be an ISO 8601"));
    assertEquals(
        "Statement[0].Condition.Bool.aws:SecureTransport must be true or false",
        refusal("{\"Bool\": {\"aws:SecureTransport\": \"yes\"}}"));
    assertTrue(refusal("{\"Bool\": {\"k\": 1}}").endsWith("must be true or false"));
    assertEquals(
        "Statement[0].Condition.Null.aws:RequestTag/x[0] must be true or false",
        refusal("{\"Null\": {\"aws:RequestTag/x\": [\"maybe\"]}}"));
    assertEquals(
        "Statement[0].Condition.BinaryEquals.k must be base64, e.g. \"QmluYXJ5\"",
        refusal("{\"BinaryEquals\": {\"k\": \"not base64!\"}}"));
    assertEquals(
        "Statement[0].Condition.IpAddress.aws:SourceIp must be an IPv4 or IPv6 address or CIDR"
            + " block, e.g. \"203.0.113.0/24\" or \"2001:db8::/32\"",
        refusal("{\"IpAddress\": {\"aws:SourceIp\": \"example.com\"}}"));
    for (String block :
        new String[] {"10.0.0.0/33", "10.0.0.0/", "10.0.0/8", "::/129", "1::2::3", "10.0.0.0/08"}) {
      assertTrue(
          refusal("{\"NotIpAddress\": {\"aws:SourceIp\": \"" + block + "\"}}")
              .contains("must be an IPv4 or IPv6"),
          block);
    }
    assertEquals(
        "Statement[0].Condition.ArnLike.aws:PrincipalArn must be an ARN,"
            + " arn:partition:service:region:account:resource, with any wildcards inside its fields",
        refusal("{\"ArnLike\": {\"aws:PrincipalArn\": \"arn:aws:iam::*\"}}"));
    assertTrue(refusal("{\"ArnNotLike\": {\"k\": \"*\"}}").contains("must be an ARN"));
  }

  @Test
  void policyVariablesAreRefusedRatherThanComparedAsText() {
    assertEquals(
        "Statement[0].Condition.StringEquals.kms:EncryptionContext:user uses a policy variable"
            + " (${...}), which this KMS does not support; give the value itself",
        refusal("{\"StringEquals\": {\"kms:EncryptionContext:user\": \"${aws:username}\"}}"));
    assertTrue(
        refusal("{\"ArnLike\": {\"k\": \"arn:aws:iam::${aws:PrincipalAccount}:*:*\"}}")
            .contains("policy variable"));
  }

  @Test
  void namesInMessagesAreCutShortAndEscaped() {
    String message = refusal("{\"Evil\\nOperator" + "x".repeat(100) + "\": {\"k\": \"1\"}}");
    assertTrue(message.startsWith("Statement[0].Condition.Evil\\u000aOperator"), message);
    assertTrue(message.contains("...") && !message.contains("\n"), message);
  }
}
