package com.verenc.kms.node.key;

import static com.verenc.kms.node.key.KeyEntityFixture.ACCOUNT;
import static com.verenc.kms.node.key.KeyEntityFixture.ok;
import static com.verenc.kms.node.key.KeyEntityFixture.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.auth.Principal;
import com.verenc.kms.node.grant.ContextConstraint;
import com.verenc.kms.node.grant.Grant;
import com.verenc.kms.node.grant.GrantOperation;
import com.verenc.kms.node.grant.GrantQuery;
import com.verenc.kms.node.grant.GrantSpec;
import com.verenc.kms.node.key.KeyAnswer.Done;
import com.verenc.kms.node.key.model.KeySpec;
import com.verenc.kms.node.key.model.KeyUsage;
import com.verenc.kms.node.key.model.Origin;
import com.verenc.kms.protocol.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A key entity's grants alone: made (idempotent by name), listed, used by a grantee whose policies
 * allow nothing, bounded by their constraints and operations, retired and revoked by whom AWS lets,
 * kept across recovery with the grant index repaired, and beaten by an explicit Deny.
 */
class GrantBehaviourTest {
  private static final ActorTestKit testKit = ActorTestKit.create(KeyEntityFixture.CONFIG);
  private static final Principal APP = new Principal(ACCOUNT, Principal.Kind.ROLE, "app");
  private static final Principal OPS = new Principal(ACCOUNT, Principal.Kind.USER, "ops");
  private static final Map<String, String> BLUE = Map.of("tenant", "blue");

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static GrantSpec spec(
      Principal grantee, Principal retiring, ContextConstraint constraint, GrantOperation... ops) {
    return new GrantSpec(
        grantee.arn(), retiring == null ? null : retiring.arn(), List.of(ops), constraint, null);
  }

  private static <A extends KeyAnswer> Function<ActorRef<KeyReply<A>>, KeyCommand<A>> as(
      Principal principal, Function<ActorRef<KeyReply<A>>, KeyCommand.FromCaller<A>> command) {
    return replyTo ->
        new KeyCommand.AsRequester<>(
            new Requester(principal, null, false, null), command.apply(replyTo));
  }

  private static String grant(KeyEntityFixture key, Principal who, GrantSpec spec) {
    return ok(key.<KeyAnswer.GrantCreated>ask(
            as(who, r -> new KeyCommand.CreateGrant(ACCOUNT, spec, false, r))))
        .grantId();
  }

  private static KeyReply<KeyAnswer.Ciphertext> encrypt(
      KeyEntityFixture key, Principal who, Map<String, String> context) {
    return key.ask(
        as(
            who,
            r ->
                new KeyCommand.Encrypt(
                    new CryptoRequest.EncryptRequest(
                        ACCOUNT, "kms:Encrypt", new byte[] {1, 2}, context),
                    r)));
  }

  private static KeyReply<Done> retire(KeyEntityFixture key, Principal who, String grantId) {
    return key.ask(as(who, r -> new KeyCommand.RetireGrant(ACCOUNT, grantId, false, r)));
  }

  private static List<Grant> grants(KeyEntityFixture key) {
    return ok(key.<KeyAnswer.Grants>ask(
            r -> new KeyCommand.ListGrants(ACCOUNT, new GrantQuery(null, null, 100, null), r)))
        .grants();
  }

  @Test
  void anAnswerNamesTheOldestGrantThatAllowedItAndNoGrantWhenThePolicyDid() {
    KeyEntityFixture key = new KeyEntityFixture(testKit, "zone-a", "k-grant-named");
    key.create(false);
    Principal root = Principal.root(ACCOUNT);
    String first = grant(key, root, spec(APP, OPS, null, GrantOperation.ENCRYPT));
    String second = grant(key, root, spec(APP, OPS, null, GrantOperation.ENCRYPT));
    assertNotEquals(first, second);

    var byGrant = encrypt(key, APP, BLUE);
    var byPolicy = encrypt(key, root, BLUE);
    var retired = retire(key, OPS, second);

    ok(byGrant);
    assertEquals(first, ((KeyReply.Ok<?>) byGrant).grantId());
    ok(byPolicy);
    assertNull(((KeyReply.Ok<?>) byPolicy).grantId());
    ok(retired);
    assertEquals(second, ((KeyReply.Ok<?>) retired).grantId());
  }

  @Test
  void aGrantLetsARoleWhosePoliciesAllowNothingEncryptWithTheExactContextOnly() {
    KeyEntityFixture key = new KeyEntityFixture(testKit, "zone-a", "k-grant-use");
    key.create(false);
    rejected(encrypt(key, APP, BLUE), ErrorCode.ACCESS_DENIED);

    var result =
        key.kit.<KeyReply<KeyAnswer.GrantCreated>>runCommand(
            r ->
                new KeyCommand.CreateGrant(
                    ACCOUNT,
                    spec(
                        APP,
                        OPS,
                        new ContextConstraint(ContextConstraint.Kind.EQUALS, BLUE),
                        GrantOperation.ENCRYPT),
                    false,
                    r));
    Grant made = result.eventOfType(KeyEvent.GrantCreated.class).grant();
    assertTrue(made.grantId().matches("[0-9a-f]{64}"), made.grantId());
    assertEquals("arn:aws:iam::" + ACCOUNT + ":root", made.issuingAccount());
    assertEquals(made.grantId(), ok(result.reply()).grantId());
    assertEquals(List.of(made.grantId()), key.grantIndex.grantsOf("k-grant-use"));

    ok(encrypt(key, APP, BLUE));
    ok(encrypt(key, APP, Map.of("TENANT", "blue")));
    rejected(encrypt(key, APP, Map.of("tenant", "red")), ErrorCode.ACCESS_DENIED);
    rejected(encrypt(key, APP, Map.of("tenant", "blue", "extra", "x")), ErrorCode.ACCESS_DENIED);
    rejected(encrypt(key, OPS, BLUE), ErrorCode.ACCESS_DENIED);
    assertTrue(
        rejected(
                key.<KeyAnswer.Metadata>ask(as(APP, r -> new KeyCommand.Describe(ACCOUNT, r))),
                ErrorCode.ACCESS_DENIED)
            .message()
            .endsWith("because no identity-based policy allows the kms:DescribeKey action"));
  }

  @Test
  void theSameNameAndParametersAnswerTheSameGrant() {
    KeyEntityFixture key = new KeyEntityFixture(testKit, "zone-a", "k-grant-name");
    key.create(false);
    GrantSpec named =
        new GrantSpec(
            APP.arn(), null, List.of(GrantOperation.DECRYPT, GrantOperation.ENCRYPT), null, "n1");
    String first = grant(key, Principal.root(ACCOUNT), named);
    GrantSpec again =
        new GrantSpec(
            APP.arn(), null, List.of(GrantOperation.ENCRYPT, GrantOperation.DECRYPT), null, "n1");
    var repeat =
        key.kit.<KeyReply<KeyAnswer.GrantCreated>>runCommand(
            r -> new KeyCommand.CreateGrant(ACCOUNT, again, false, r));
    assertTrue(repeat.hasNoEvents());
    assertEquals(first, ok(repeat.reply()).grantId());
    GrantSpec other = new GrantSpec(APP.arn(), null, List.of(GrantOperation.DECRYPT), null, "n1");
    assertNotEquals(first, grant(key, Principal.root(ACCOUNT), other));
    GrantSpec unnamed = new GrantSpec(APP.arn(), null, List.of(GrantOperation.DECRYPT), null, null);
    assertNotEquals(
        grant(key, Principal.root(ACCOUNT), unnamed), grant(key, Principal.root(ACCOUNT), unnamed));
    assertEquals(4, grants(key).size());
  }

  @Test
  void theRetiringPrincipalAndAGranteeAllowedRetireGrantRetireOnlyTheirOwnGrant() {
    KeyEntityFixture key = new KeyEntityFixture(testKit, "zone-a", "k-grant-retire");
    key.create(false);
    String byOps =
        grant(key, Principal.root(ACCOUNT), spec(APP, OPS, null, GrantOperation.DECRYPT));
    String selfRetiring =
        grant(
            key,
            Principal.root(ACCOUNT),
            spec(APP, null, null, GrantOperation.DECRYPT, GrantOperation.RETIRE_GRANT));
    String other =
        grant(key, Principal.root(ACCOUNT), spec(OPS, null, null, GrantOperation.DECRYPT));

    rejected(retire(key, APP, byOps), ErrorCode.ACCESS_DENIED);
    rejected(retire(key, APP, other), ErrorCode.ACCESS_DENIED);
    rejected(retire(key, OPS, other), ErrorCode.ACCESS_DENIED);
    var dryRun =
        key.kit.<KeyReply<Done>>runCommand(
            r ->
                new KeyCommand.AsRequester<>(
                    new Requester(OPS, null, false, null),
                    new KeyCommand.RetireGrant(ACCOUNT, byOps, true, r)));
    assertTrue(dryRun.hasNoEvents());
    rejected(dryRun.reply(), ErrorCode.DRY_RUN_OPERATION);

    ok(retire(key, OPS, byOps));
    ok(retire(key, APP, selfRetiring));
    assertEquals(List.of(other), grants(key).stream().map(Grant::grantId).toList());
    assertEquals(List.of(), key.grantIndex.grantsOf("k-grant-retire"));
    rejected(retire(key, Principal.root(ACCOUNT), byOps), ErrorCode.NOT_FOUND);
    ok(
        key.<Done>ask(
            as(
                Principal.root(ACCOUNT),
                r -> new KeyCommand.RevokeGrant(ACCOUNT, other, false, r))));
    assertEquals(List.of(), grants(key));
  }

  @Test
  void aGranteeAllowedCreateGrantCreatesNoGrantBeyondItsOwn() {
    KeyEntityFixture key = new KeyEntityFixture(testKit, "zone-a", "k-grant-chain");
    key.create(false);
    ContextConstraint subset = new ContextConstraint(ContextConstraint.Kind.SUBSET, BLUE);
    grant(
        key,
        Principal.root(ACCOUNT),
        spec(APP, null, subset, GrantOperation.DECRYPT, GrantOperation.CREATE_GRANT));

    Function<GrantSpec, KeyReply<KeyAnswer.GrantCreated>> byApp =
        s -> key.ask(as(APP, r -> new KeyCommand.CreateGrant(ACCOUNT, s, false, r)));
    ok(
        byApp.apply(
            spec(
                OPS,
                null,
                new ContextConstraint(
                    ContextConstraint.Kind.EQUALS, Map.of("tenant", "blue", "app", "x")),
                GrantOperation.DECRYPT)));
    rejected(byApp.apply(spec(OPS, null, subset, GrantOperation.ENCRYPT)), ErrorCode.ACCESS_DENIED);
    rejected(byApp.apply(spec(OPS, null, null, GrantOperation.DECRYPT)), ErrorCode.ACCESS_DENIED);
    rejected(
        byApp.apply(
            spec(
                OPS,
                null,
                new ContextConstraint(ContextConstraint.Kind.SUBSET, Map.of("tenant", "red")),
                GrantOperation.DECRYPT)),
        ErrorCode.ACCESS_DENIED);
  }

  @Test
  void anExplicitDenyInTheKeyPolicyBeatsAGrant() {
    KeyEntityFixture key = new KeyEntityFixture(testKit, "zone-a", "k-grant-deny");
    key.create(false);
    grant(key, Principal.root(ACCOUNT), spec(APP, null, null, GrantOperation.ENCRYPT));
    ok(encrypt(key, APP, Map.of()));
    String denyApp =
        """
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*",
           "Resource":"*"},
          {"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},
           "Action":"kms:Encrypt","Resource":"*"}]}""";
    ok(key.<Done>ask(r -> new KeyCommand.PutPolicy(ACCOUNT, denyApp, false, r)));
    assertTrue(
        rejected(encrypt(key, APP, Map.of()), ErrorCode.ACCESS_DENIED)
            .message()
            .endsWith("with an explicit deny in the key policy"));
  }

  @Test
  void grantsFitTheKeyTheyAreOn() {
    KeyEntityFixture key = new KeyEntityFixture(testKit, "zone-a", "k-grant-fit");
    key.create(false);
    assertTrue(
        key.<KeyAnswer.GrantCreated>refusal(
                ErrorCode.VALIDATION,
                r ->
                    new KeyCommand.CreateGrant(
                        ACCOUNT, spec(APP, null, null, GrantOperation.SIGN), false, r))
            .contains("Operations includes Sign"));

    KeyEntityFixture signing = new KeyEntityFixture(testKit, "zone-a", "k-grant-fit-ecc");
    ok(
        signing.<KeyAnswer.Metadata>ask(
            r ->
                new KeyCommand.Create(
                    ACCOUNT,
                    "signing",
                    KeySpec.ECC_NIST_P256,
                    KeyUsage.SIGN_VERIFY,
                    Origin.AWS_KMS,
                    false,
                    signing.policy(),
                    false,
                    Map.of(),
                    r)));
    grant(signing, Principal.root(ACCOUNT), spec(APP, null, null, GrantOperation.SIGN));
    assertTrue(
        signing
            .<KeyAnswer.GrantCreated>refusal(
                ErrorCode.VALIDATION,
                r ->
                    new KeyCommand.CreateGrant(
                        ACCOUNT,
                        spec(
                            APP,
                            null,
                            new ContextConstraint(ContextConstraint.Kind.SUBSET, BLUE),
                            GrantOperation.SIGN),
                        false,
                        r))
            .contains("Omit Constraints"));
  }

  @Test
  void grantsSurviveRecoveryAndTheIndexIsRepairedFromThem() {
    KeyEntityFixture key = new KeyEntityFixture(testKit, "zone-a", "k-grant-recover");
    key.create(false);
    String kept = grant(key, Principal.root(ACCOUNT), spec(APP, OPS, null, GrantOperation.ENCRYPT));
    key.grantIndex.removeKey("k-grant-recover");
    key.grantIndex.rows.put(
        new com.verenc.kms.node.grant.GrantIndex.Entry(ACCOUNT, "k-grant-recover", "stale"),
        new MemoryGrantIndex.Row(ACCOUNT, OPS.arn()));

    key.kit.restart();

    assertEquals(List.of(kept), grants(key).stream().map(Grant::grantId).toList());
    KeyEntityFixture.await(
        "the index lists the kept grant only",
        () -> key.grantIndex.grantsOf("k-grant-recover").equals(List.of(kept)));
    ok(encrypt(key, APP, Map.of()));
  }

  @Test
  void aKeyPendingDeletionTakesNoNewGrantButLetsItsGrantsBeRetired() {
    KeyEntityFixture key = new KeyEntityFixture(testKit, "zone-a", "k-grant-pending");
    key.create(false);
    String grantId =
        grant(key, Principal.root(ACCOUNT), spec(APP, OPS, null, GrantOperation.ENCRYPT));
    ok(key.<KeyAnswer.Metadata>ask(r -> new KeyCommand.ScheduleDeletion(ACCOUNT, 7, r)));
    key.<KeyAnswer.GrantCreated>refusal(
        ErrorCode.INVALID_STATE,
        r ->
            new KeyCommand.CreateGrant(
                ACCOUNT, spec(APP, null, null, GrantOperation.DECRYPT), false, r));
    rejected(encrypt(key, APP, Map.of()), ErrorCode.INVALID_STATE);
    ok(retire(key, OPS, grantId));
  }

  @Test
  void aDestroyedKeysGrantsLeaveTheIndex() {
    KeyEntityFixture key = new KeyEntityFixture(testKit, "zone-a", "k-grant-destroyed");
    key.create(false);
    grant(key, Principal.root(ACCOUNT), spec(APP, OPS, null, GrantOperation.ENCRYPT));
    ok(key.<KeyAnswer.Metadata>ask(r -> new KeyCommand.ScheduleDeletion(ACCOUNT, 7, r)));
    key.clock.advance(java.time.Duration.ofDays(8));
    rejected(
        key.<KeyAnswer.Grants>ask(r -> new KeyCommand.RetirableGrants(ACCOUNT, OPS.arn(), r)),
        ErrorCode.NOT_FOUND);
    KeyEntityFixture.await(
        "the destroyed key's grants leave the index",
        () -> key.grantIndex.grantsOf("k-grant-destroyed").isEmpty());
  }

  @Test
  void retirableGrantsAreAnsweredToTheOwningAccountOnly() {
    KeyEntityFixture key = new KeyEntityFixture(testKit, "zone-a", "k-grant-retirable");
    key.create(false);
    String grantId =
        grant(key, Principal.root(ACCOUNT), spec(APP, OPS, null, GrantOperation.ENCRYPT));
    grant(key, Principal.root(ACCOUNT), spec(APP, APP, null, GrantOperation.ENCRYPT));
    assertEquals(
        List.of(grantId),
        ok(key.<KeyAnswer.Grants>ask(r -> new KeyCommand.RetirableGrants(ACCOUNT, OPS.arn(), r)))
            .grants()
            .stream()
            .map(Grant::grantId)
            .toList());
    rejected(
        key.<KeyAnswer.Grants>ask(
            r -> new KeyCommand.RetirableGrants(KeyEntityFixture.OTHER_ACCOUNT, OPS.arn(), r)),
        ErrorCode.NOT_FOUND);
  }
}
