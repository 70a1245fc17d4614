package com.verenc.kms.node.key;

import com.verenc.kms.node.auth.AccessDecision;
import com.verenc.kms.node.auth.GrantAllowance;
import com.verenc.kms.node.auth.IdentityPolicy;
import com.verenc.kms.node.key.KeyCommand.FromCaller;
import com.verenc.kms.node.key.KeyEntityState.Live;
import java.util.Optional;
import java.util.Set;

/**
 * Who may ask a live key anything, decided before any handler runs: the owning account, and another
 * account only for the operations AWS allows across accounts and only when the key policy names it
 * or one of the key's grants allows the requester the action (every other account gets NotFound, so
 * existence never leaks); then the key policy, with the requester's identity policies and the key's
 * grants, decides the command's action. A policy that reads kms:ResourceAliases of a request that
 * does not carry them gets the request sent back for them (Rejection.NEEDS_RESOURCE_ALIASES). A
 * command a grant allows is answered with that grant's id (see {@link KeyScope#allowingGrant()}).
 */
final class KeyAccess {
  /** What AWS KMS lets a principal of another account do with a key whose policy allows it. */
  static final Set<String> CROSS_ACCOUNT_ACTIONS =
      Set.of(
          "kms:Encrypt",
          "kms:Decrypt",
          "kms:ReEncryptFrom",
          "kms:ReEncryptTo",
          "kms:GenerateDataKey",
          "kms:GenerateDataKeyWithoutPlaintext",
          "kms:GenerateDataKeyPair",
          "kms:GenerateDataKeyPairWithoutPlaintext",
          "kms:GenerateMac",
          "kms:VerifyMac",
          "kms:Sign",
          "kms:Verify",
          "kms:GetPublicKey",
          "kms:DeriveSharedSecret",
          "kms:DescribeKey",
          "kms:GetKeyRotationStatus",
          "kms:CreateGrant",
          "kms:ListGrants",
          "kms:RetireGrant",
          "kms:RevokeGrant");

  private final KeyScope scope;

  KeyAccess(KeyScope scope) {
    this.scope = scope;
  }

  /**
   * Why the requester may not ask this; empty when it may, or when the entity answers otherwise
   * first (it waits for its secret, or the key is past its deletion date and is destroyed whoever
   * asks). When a grant rather than a policy allows it, the scope notes that grant for the answer.
   *
   * @param requester who asks; null for the root of the command's account
   */
  Optional<Rejection> refusal(KeyEntityState state, KeyMessage message, Requester requester) {
    scope.allowingGrant(null);
    if (!(state instanceof Live live)
        || !(message instanceof FromCaller<?> call)
        || scope.busy()
        || DeletionHandlers.pastDeletionDate(state, scope.now(), scope.ctx.zone())) {
      return Optional.empty();
    }
    Requester asking = requester == null ? Requester.root(call.accountId()) : requester;
    String callerAccount = asking.principal().accountId();
    if (!callerAccount.equals(call.accountId())) {
      return Optional.of(scope.rejections.notFound(message, scope.keyId));
    }
    try {
      return decide(live.key(), call, asking, callerAccount);
    } catch (ResourceAliasesUnknown unknown) {
      return Optional.of(Rejection.NEEDS_RESOURCE_ALIASES);
    }
  }

  private Optional<Rejection> decide(
      KeyRecord key, FromCaller<?> call, Requester asking, String callerAccount) {
    KeyConditionValues values =
        new KeyConditionValues(asking, call, key, scope.ctx.zone(), scope.now());
    GrantAllowance grants = GrantAllowances.of(key, call, asking.principal().arn());
    // Another account sees the key only when the key policy or one of the key's grants allows it
    // this action, and only for what AWS lets other accounts do; otherwise (a Deny included) the
    // key does not exist for it.
    if (!key.accountId().equals(callerAccount)
        && (!CROSS_ACCOUNT_ACTIONS.contains(call.action())
            || !(scope.policy.allowsAtAll(key, asking, call.action(), values)
                || grants.allowingGrant() != null))) {
      return Optional.of(scope.rejections.notFound(call, scope.keyId));
    }
    IdentityPolicy identity =
        asking.principal().isRoot()
            ? IdentityPolicy.NONE
            : scope.ctx.identityPolicies().apply(asking.principal());
    AccessDecision decision =
        scope.policy.decide(key, asking, identity, call.action(), values, grants);
    if (!decision.allowed()) {
      return Optional.of(
          scope.rejections.accessDenied(key, asking.principal(), call.action(), decision));
    }
    scope.allowingGrant(decision.grantId());
    return Optional.empty();
  }
}
