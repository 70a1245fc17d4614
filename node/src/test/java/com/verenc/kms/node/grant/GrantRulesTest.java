package com.verenc.kms.node.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What a grant allows: its grantee, its operations, its constraint (keys without case, values
 * exactly); what it lets be created and retired; the ids, principals and quotas AWS has.
 */
class GrantRulesTest {
  private static final String APP = "arn:aws:iam::111122223333:role/app";
  private static final String OPS = "arn:aws:iam::111122223333:user/ops";

  private static ContextConstraint subset(Map<String, String> pairs) {
    return new ContextConstraint(ContextConstraint.Kind.SUBSET, pairs);
  }

  private static ContextConstraint equalTo(Map<String, String> pairs) {
    return new ContextConstraint(ContextConstraint.Kind.EQUALS, pairs);
  }

  private static Grant grant(ContextConstraint constraint, GrantOperation... ops) {
    return new GrantSpec(APP, OPS, List.of(ops), constraint, null)
        .issue("g".repeat(64), Instant.EPOCH, "arn:aws:iam::111122223333:root");
  }

  @Test
  void constraintsCompareKeysWithoutCaseAndValuesExactly() {
    ContextConstraint sub = subset(Map.of("Tenant", "blue"));
    assertTrue(sub.holdsFor(Map.of("tenant", "blue", "other", "x")));
    assertFalse(sub.holdsFor(Map.of("tenant", "Blue")));
    assertFalse(sub.holdsFor(Map.of()));
    ContextConstraint eq = equalTo(Map.of("tenant", "blue"));
    assertTrue(eq.holdsFor(Map.of("TENANT", "blue")));
    assertFalse(eq.holdsFor(Map.of("tenant", "blue", "other", "x")));
    assertTrue(equalTo(Map.of()).holdsFor(Map.of()));
    assertFalse(equalTo(Map.of()).holdsFor(Map.of("a", "b")));
  }

  @Test
  void aGrantAllowsItsGranteeItsOperationsUnderItsConstraint() {
    Grant g =
        grant(
            subset(Map.of("tenant", "blue")), GrantOperation.DECRYPT, GrantOperation.DESCRIBE_KEY);
    assertTrue(g.allows(APP, GrantOperation.DECRYPT, Map.of("tenant", "blue")));
    assertFalse(g.allows(APP, GrantOperation.DECRYPT, Map.of("tenant", "red")));
    assertFalse(g.allows(OPS, GrantOperation.DECRYPT, Map.of("tenant", "blue")));
    assertFalse(g.allows(APP, GrantOperation.ENCRYPT, Map.of("tenant", "blue")));
    assertTrue(
        g.allows(APP, GrantOperation.DESCRIBE_KEY, Map.of()),
        "the constraint applies only to operations with an encryption context");
  }

  @Test
  void aGrantCreatesOnlyGrantsOfItsOperationsUnderAConstraintAsStrict() {
    Grant parent =
        grant(
            subset(Map.of("tenant", "blue")), GrantOperation.DECRYPT, GrantOperation.CREATE_GRANT);
    GrantSpec stricter =
        new GrantSpec(
            OPS,
            null,
            List.of(GrantOperation.DECRYPT),
            equalTo(Map.of("TENANT", "blue", "a", "1")),
            null);
    assertTrue(parent.allowsCreating(APP, stricter));
    assertFalse(parent.allowsCreating(OPS, stricter), "only its grantee");
    assertFalse(
        parent.allowsCreating(
            APP,
            new GrantSpec(
                OPS, null, List.of(GrantOperation.ENCRYPT), stricter.constraint(), null)));
    assertFalse(
        parent.allowsCreating(
            APP, new GrantSpec(OPS, null, List.of(GrantOperation.DECRYPT), null, null)));
    Grant equalsParent =
        grant(
            equalTo(Map.of("tenant", "blue")), GrantOperation.DECRYPT, GrantOperation.CREATE_GRANT);
    assertFalse(equalsParent.allowsCreating(APP, stricter), "an Equals parent allows only itself");
    assertTrue(
        equalsParent.allowsCreating(
            APP,
            new GrantSpec(
                OPS,
                null,
                List.of(GrantOperation.DECRYPT),
                equalTo(Map.of("Tenant", "blue")),
                null)));
    assertFalse(grant(null, GrantOperation.DECRYPT).allowsCreating(APP, stricter));
  }

  @Test
  void retiringPrincipalAndAGranteeAllowedRetireGrantMayRetire() {
    assertTrue(grant(null, GrantOperation.DECRYPT).retirableBy(OPS));
    assertFalse(grant(null, GrantOperation.DECRYPT).retirableBy(APP));
    assertTrue(grant(null, GrantOperation.DECRYPT, GrantOperation.RETIRE_GRANT).retirableBy(APP));
  }

  @Test
  void grantOperationsAreThePolicyActionsOfTheSameName() {
    assertEquals(
        Optional.of(GrantOperation.RE_ENCRYPT_FROM), GrantOperation.ofAction("kms:ReEncryptFrom"));
    assertEquals(Optional.empty(), GrantOperation.ofAction("kms:ScheduleKeyDeletion"));
    assertEquals(Optional.empty(), GrantOperation.ofAction("Decrypt"));
    for (GrantOperation op : GrantOperation.values()) {
      assertEquals(Optional.of(op), GrantOperation.ofWireName(op.wireName()));
    }
  }

  @Test
  void grantIdsAre64HexDigits() {
    String id = GrantIds.next();
    assertEquals(id, GrantIds.require(id));
    KmsException e = assertThrows(KmsException.class, () -> GrantIds.require(id.toUpperCase()));
    assertEquals(ErrorCode.INVALID_GRANT_ID, e.code());
    assertThrows(KmsException.class, () -> GrantIds.require("abc"));
  }

  @Test
  void principalsAreRootsUsersAndRolesOfAnyAccount() {
    assertEquals(APP, PrincipalArns.require(APP, "GranteePrincipal"));
    PrincipalArns.require("arn:aws:iam::111122223333:root", "GranteePrincipal");
    PrincipalArns.require("arn:aws:iam::444455556666:role/app", "GranteePrincipal");
    for (String bad :
        List.of(
            "app",
            "arn:aws:iam::111122223333:group/admins",
            "arn:aws:kms:ch-gva-2:111122223333:key/x")) {
      KmsException e =
          assertThrows(KmsException.class, () -> PrincipalArns.require(bad, "GranteePrincipal"));
      assertEquals(ErrorCode.INVALID_ARN, e.code(), bad);
      assertTrue(e.getMessage().startsWith("GranteePrincipal '" + bad + "'"), e.getMessage());
    }
  }

  @Test
  void retirableGrantsAreListedForPrincipalsOfTheCallersOwnAccountOnly() {
    assertEquals(APP, PrincipalArns.requireOwn(APP, "111122223333", "RetiringPrincipal"));
    KmsException e =
        assertThrows(
            KmsException.class,
            () ->
                PrincipalArns.requireOwn(
                    "arn:aws:iam::444455556666:role/app", "111122223333", "RetiringPrincipal"));
    assertEquals(ErrorCode.INVALID_ARN, e.code());
    assertTrue(e.getMessage().contains("give a principal of your own account"), e.getMessage());
  }

  @Test
  void quotasCountGrantsPerKeyAndPerGrantee() {
    KeyGrants grants = KeyGrants.NONE;
    GrantSpec spec = new GrantSpec(APP, null, List.of(GrantOperation.DECRYPT), null, null);
    for (int i = 0; i < KeyGrants.MAX_PER_GRANTEE; i++) {
      grants = grants.with(spec.issue(GrantIds.next(), Instant.EPOCH, "root"));
    }
    assertTrue(grants.quotaExceededBy(spec).orElseThrow().contains("for one grantee principal"));
    assertEquals(
        Optional.empty(),
        grants.quotaExceededBy(
            new GrantSpec(OPS, null, List.of(GrantOperation.DECRYPT), null, null)));
    assertEquals(KeyGrants.MAX_PER_GRANTEE, grants.created());
    assertEquals(
        KeyGrants.MAX_PER_GRANTEE - 1,
        grants.without(grants.grants().get(0).grantId()).grants().size());
  }
}
