package com.verenc.kms.node.key;

import com.verenc.kms.node.auth.AccessDecision;
import com.verenc.kms.node.auth.IdentityPolicy;
import com.verenc.kms.node.key.KeyCommand.FromCaller;
import com.verenc.kms.node.key.KeyEntityState.Live;
import java.util.Optional;

/**
 * Who may ask a live key anything, decided before any handler runs: only the owning account sees
 * the key at all (every other account gets NotFound, so existence never leaks), and then the key
 * policy, with the requester's identity policies and the key's grants, decides the command's
 * action.
 */
final class KeyAccess {
  private final KeyScope scope;

  KeyAccess(KeyScope scope) {
    this.scope = scope;
  }

  /**
   * Why the requester may not ask this; empty when it may, or when the entity answers otherwise
   * first (it waits for its secret, or the key is past its deletion date and is destroyed whoever
   * asks).
   *
   * @param requester who asks; null for the root of the command's account
   */
  Optional<Rejection> refusal(KeyEntityState state, KeyMessage message, Requester requester) {
    if (!(state instanceof Live live)
        || !(message instanceof FromCaller<?> call)
        || scope.busy()
        || DeletionHandlers.pastDeletionDate(state, scope.now(), scope.ctx.zone())) {
      return Optional.empty();
    }
    KeyRecord key = live.key();
    Requester asking = requester == null ? Requester.root(call.accountId()) : requester;
    if (!key.accountId().equals(asking.principal().accountId())
        || !key.accountId().equals(call.accountId())) {
      return Optional.of(scope.rejections.notFound(message, scope.keyId));
    }
    IdentityPolicy identity =
        asking.principal().isRoot()
            ? IdentityPolicy.NONE
            : scope.ctx.identityPolicies().apply(asking.principal());
    AccessDecision decision =
        scope.policy.decide(
            key,
            asking,
            identity,
            call.action(),
            new KeyConditionValues(asking, call, key, scope.ctx.zone(), scope.now()),
            GrantAllowances.of(key, call, asking.principal().arn()));
    if (!decision.allowed()) {
      return Optional.of(
          scope.rejections.accessDenied(key, asking.principal(), call.action(), decision));
    }
    return Optional.empty();
  }
}
