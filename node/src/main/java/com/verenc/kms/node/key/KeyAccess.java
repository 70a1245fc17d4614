package com.verenc.kms.node.key;

import com.verenc.kms.node.auth.PolicyDecision;
import com.verenc.kms.node.key.KeyCommand.FromCaller;
import com.verenc.kms.node.key.KeyEntityState.Live;
import java.util.Optional;

/**
 * Who may ask a live key anything, decided before any handler runs: only the owning account sees
 * the key at all (every other account gets NotFound, so existence never leaks), and then the key
 * policy decides the command's action.
 */
final class KeyAccess {
  private final KeyScope scope;

  KeyAccess(KeyScope scope) {
    this.scope = scope;
  }

  /**
   * Why the caller may not ask this; empty when it may, or when the entity answers otherwise first
   * (it waits for its secret, or the key is past its deletion date and is destroyed whoever asks).
   */
  Optional<Rejection> refusal(KeyEntityState state, KeyMessage message) {
    if (!(state instanceof Live live)
        || !(message instanceof FromCaller<?> call)
        || scope.busy()
        || DeletionHandlers.pastDeletionDate(state, scope.now(), scope.ctx.zone())) {
      return Optional.empty();
    }
    KeyRecord key = live.key();
    if (!key.accountId().equals(call.accountId())) {
      return Optional.of(scope.rejections.notFound(message, scope.keyId));
    }
    PolicyDecision decision = scope.policy.decide(key, call.accountId(), call.action());
    if (decision != PolicyDecision.ALLOW) {
      return Optional.of(
          scope.rejections.accessDenied(key, call.accountId(), call.action(), decision));
    }
    return Optional.empty();
  }
}
