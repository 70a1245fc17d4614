package com.verenc.kms.node.auth.condition;

import static com.verenc.kms.node.auth.condition.TestRequest.holds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Key names ignore case; the encryption context key or tag key after a prefix does not. */
class ConditionKeyTest {

  @Test
  void anOrdinaryKeyIsLowerCasedWithoutVariable() {
    ConditionKey key = ConditionKey.parse("kms:CallerAccount");
    assertEquals("kms:calleraccount", key.name());
    assertEquals("", key.variable());
    assertEquals("kms:CallerAccount", key.written());
  }

  @Test
  void variableKeysKeepTheirVariableAsWritten() {
    ConditionKey context = ConditionKey.parse("KMS:EncryptionContext:Tenant");
    assertEquals("kms:encryptioncontext:", context.name());
    assertEquals("Tenant", context.variable());
    assertEquals("aws:resourcetag/", ConditionKey.parse("aws:ResourceTag/Cost-Center").name());
    assertEquals("Cost-Center", ConditionKey.parse("aws:ResourceTag/Cost-Center").variable());
    assertEquals("aws:requesttag/", ConditionKey.parse("AWS:RequestTag/a/b").name());
    assertEquals("a/b", ConditionKey.parse("AWS:RequestTag/a/b").variable());
    assertEquals("aws:principaltag/", ConditionKey.parse("aws:PrincipalTag/team").name());
    // The list of context keys is its own key, not a context key named "Keys".
    assertEquals(
        "kms:encryptioncontextkeys", ConditionKey.parse("kms:EncryptionContextKeys").name());
    assertEquals("", ConditionKey.parse("kms:EncryptionContextKeys").variable());
  }

  @Test
  void keysAreEqualHoweverWrittenButVariablesKeepCase() {
    assertEquals(ConditionKey.parse("kms:CallerAccount"), ConditionKey.parse("KMS:CALLERACCOUNT"));
    assertEquals(
        ConditionKey.parse("kms:CallerAccount").hashCode(),
        ConditionKey.parse("kms:calleraccount").hashCode());
    assertEquals(
        ConditionKey.parse("kms:EncryptionContext:tenant"),
        ConditionKey.parse("Kms:encryptionContext:tenant"));
    assertNotEquals(
        ConditionKey.parse("kms:EncryptionContext:tenant"),
        ConditionKey.parse("kms:EncryptionContext:Tenant"));
  }

  @Test
  void onlyAsciiLettersFold() {
    // The Kelvin sign lower-cases to k in Unicode; it must not name kms: keys.
    ConditionKey kelvin = ConditionKey.parse("\u212ams:CallerAccount");
    assertNotEquals(ConditionKey.parse("kms:CallerAccount"), kelvin);
    assertEquals("\u212ams:calleraccount", kelvin.name());
  }

  @Test
  void matchingFollowsTheCaseRules() {
    TestRequest request = TestRequest.with("kms:EncryptionContext:tenant", "acme");
    assertTrue(holds("StringEquals", "KMS:ENCRYPTIONCONTEXT:tenant", "\"acme\"", request));
    assertFalse(holds("StringEquals", "kms:EncryptionContext:TENANT", "\"acme\"", request));
    assertTrue(
        holds(
            "StringEquals",
            "kms:calleraccount",
            "\"111122223333\"",
            TestRequest.with("kms:CallerAccount", "111122223333")));
  }

  @Test
  void anUnknownKeyIsNoErrorAndHasNoValues() {
    assertFalse(holds("StringEquals", "kms:NoSuchKey", "\"x\"", TestRequest.empty()));
    assertTrue(holds("StringNotEquals", "kms:NoSuchKey", "\"x\"", TestRequest.empty()));
    assertTrue(holds("Null", "kms:NoSuchKey", "true", TestRequest.empty()));
  }
}
