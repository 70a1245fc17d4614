package com.verenc.kms.node.key;

import com.verenc.kms.node.auth.AccessDecision;
import com.verenc.kms.node.auth.Authorizer;
import com.verenc.kms.node.auth.GrantAllowance;
import com.verenc.kms.node.auth.IdentityPolicy;
import com.verenc.kms.node.auth.KeyPolicy;
import com.verenc.kms.node.auth.PolicyDecision;
import com.verenc.kms.node.auth.PolicyOutcome;
import com.verenc.kms.node.auth.condition.ConditionContext;
import com.verenc.kms.protocol.Arns;
import java.util.List;

/**
 * One key's policy as its entity evaluates it, parsed once per policy document rather than per
 * request, against the key's ARNs in both forms (a policy's Resource may name either).
 */
final class KeyPolicyView {
  private final String keyId;
  private final Arns arns;
  private KeyPolicy parsed;
  private String parsedFrom;

  KeyPolicyView(String keyId, Arns arns) {
    this.keyId = keyId;
    this.arns = arns;
  }

  /**
   * Whether the requester may do {@code action} on this key: its key policy together with the
   * requester's identity policies, conditions read from {@code values}, or else one of its grants.
   */
  AccessDecision decide(
      KeyRecord key,
      Requester requester,
      IdentityPolicy identity,
      String action,
      ConditionContext values,
      GrantAllowance grants) {
    return Authorizer.forKey(
        parsed(key),
        requester.principal(),
        identity,
        action,
        resourceArns(key.accountId()),
        values,
        grants);
  }

  /**
   * Whether the key policy allows the requester (itself, its account, or everyone) this action in
   * this request, before identity policies are consulted.
   */
  boolean allowsAtAll(KeyRecord key, Requester requester, String action, ConditionContext values) {
    PolicyOutcome outcome =
        parsed(key).evaluate(requester.principal(), action, resourceArns(key.accountId()), values);
    return outcome == PolicyOutcome.ALLOWS_PRINCIPAL || outcome == PolicyOutcome.ALLOWS_ACCOUNT;
  }

  /**
   * Whether the key's own account root may do {@code action} whatever the request: false when the
   * policy has conditions, which only a request can decide.
   */
  boolean allowsRootAlways(KeyRecord key, String action) {
    KeyPolicy policy = parsed(key);
    return !policy.hasConditions()
        && policy.evaluate(key.accountId(), action, resourceArns(key.accountId()))
            == PolicyDecision.ALLOW;
  }

  /** Whether a policy would stop its own account from ever changing it again. */
  boolean locksOut(String document, String accountId) {
    return KeyPolicy.parse(document, accountId)
            .evaluate(accountId, "kms:PutKeyPolicy", resourceArns(accountId))
        != PolicyDecision.ALLOW;
  }

  private KeyPolicy parsed(KeyRecord key) {
    String document = key.settings().policy();
    if (parsed == null || !document.equals(parsedFrom)) {
      parsed = KeyPolicy.forStoredDocument(document, key.accountId());
      parsedFrom = document;
    }
    return parsed;
  }

  private List<String> resourceArns(String accountId) {
    return List.of(Arns.verencKey(accountId, keyId), arns.awsKey(accountId, keyId));
  }
}
