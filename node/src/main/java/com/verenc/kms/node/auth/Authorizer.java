package com.verenc.kms.node.auth;

import com.verenc.kms.node.auth.condition.ConditionContext;
import java.util.List;

/**
 * Combines a key policy, the caller's identity policies and the key's grants into one decision, as
 * AWS evaluates KMS requests: an explicit Deny in any policy wins; otherwise the key policy must
 * allow the principal itself, or allow its account while an identity policy allows the principal,
 * or a grant on the key must allow it. An account's root has no identity policies and needs none.
 * Requests without a key are decided by identity policies alone, on the resource "*".
 */
public final class Authorizer {
  private static final List<String> ANY_RESOURCE = List.of("*");

  private Authorizer() {}

  /**
   * @param identity the principal's identity policies; ignored for a root
   * @param grants which grant allows the request, asked only when the policies neither deny it
   *     explicitly nor allow it; the decision names that grant
   */
  public static AccessDecision forKey(
      KeyPolicy keyPolicy,
      Principal principal,
      IdentityPolicy identity,
      String action,
      List<String> resourceArns,
      ConditionContext context,
      GrantAllowance grants) {
    PolicyOutcome key = keyPolicy.evaluate(principal, action, resourceArns, context);
    if (key == PolicyOutcome.EXPLICIT_DENY) {
      return denied(PolicyDecision.EXPLICIT_DENY, "with an explicit deny in the key policy");
    }
    if (principal.isRoot()) {
      if (key != PolicyOutcome.NO_ALLOW) {
        return AccessDecision.ALLOWED;
      }
      String grantId = grants.allowingGrant();
      return grantId != null ? AccessDecision.byGrant(grantId) : noKeyPolicyAllow(action);
    }
    PolicyOutcome own = identity.evaluate(principal, action, resourceArns, context);
    if (own == PolicyOutcome.EXPLICIT_DENY) {
      return denied(
          PolicyDecision.EXPLICIT_DENY, "with an explicit deny in an identity-based policy");
    }
    if (key == PolicyOutcome.ALLOWS_PRINCIPAL
        || (key == PolicyOutcome.ALLOWS_ACCOUNT && own != PolicyOutcome.NO_ALLOW)) {
      return AccessDecision.ALLOWED;
    }
    String grantId = grants.allowingGrant();
    if (grantId != null) {
      return AccessDecision.byGrant(grantId);
    }
    return key == PolicyOutcome.NO_ALLOW
        ? noKeyPolicyAllow(action)
        : denied(
            PolicyDecision.IMPLICIT_DENY,
            "because no identity-based policy allows the " + action + " action");
  }

  /** An action on no key (CreateKey, ListKeys, GenerateRandom, ...): identity policies decide. */
  public static AccessDecision withoutKey(
      Principal principal, IdentityPolicy identity, String action, ConditionContext context) {
    return byIdentity(principal, identity, action, ANY_RESOURCE, context);
  }

  /**
   * An action on a resource no key policy covers (an alias, for the alias operations): identity
   * policies decide.
   */
  public static AccessDecision byIdentity(
      Principal principal,
      IdentityPolicy identity,
      String action,
      List<String> resourceArns,
      ConditionContext context) {
    if (principal.isRoot()) {
      return AccessDecision.ALLOWED;
    }
    return switch (identity.evaluate(principal, action, resourceArns, context)) {
      case EXPLICIT_DENY ->
          denied(PolicyDecision.EXPLICIT_DENY, "with an explicit deny in an identity-based policy");
      case NO_ALLOW ->
          denied(
              PolicyDecision.IMPLICIT_DENY,
              "because no identity-based policy allows the " + action + " action");
      case ALLOWS_PRINCIPAL, ALLOWS_ACCOUNT -> AccessDecision.ALLOWED;
    };
  }

  private static AccessDecision noKeyPolicyAllow(String action) {
    return denied(
        PolicyDecision.IMPLICIT_DENY,
        "because no statement of the key policy allows the " + action + " action");
  }

  private static AccessDecision denied(PolicyDecision decision, String because) {
    return new AccessDecision(decision, because);
  }
}
