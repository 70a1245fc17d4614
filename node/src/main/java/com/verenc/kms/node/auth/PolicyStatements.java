package com.verenc.kms.node.auth;

import com.verenc.kms.node.auth.condition.ConditionContext;
import java.util.List;

/** Evaluates a policy's statements for one principal, action and resource, as IAM does. */
final class PolicyStatements {
  private PolicyStatements() {}

  /** An explicit Deny wins; otherwise the widest Allow that covers the principal. */
  static PolicyOutcome evaluate(
      List<PolicyStatement> statements,
      Principal principal,
      String action,
      List<String> resourceArns,
      ConditionContext context) {
    String principalArn = principal.arn();
    PolicyOutcome outcome = PolicyOutcome.NO_ALLOW;
    for (PolicyStatement s : statements) {
      // Once the principal itself is allowed, only a Deny can change the answer.
      if (s.allow() && outcome == PolicyOutcome.ALLOWS_PRINCIPAL) {
        continue;
      }
      PolicyOutcome covered = s.covers(principal, principalArn);
      if (covered == PolicyOutcome.NO_ALLOW || !s.appliesTo(action, resourceArns, context)) {
        continue;
      }
      if (!s.allow()) {
        return PolicyOutcome.EXPLICIT_DENY;
      }
      if (covered == PolicyOutcome.ALLOWS_PRINCIPAL || outcome == PolicyOutcome.NO_ALLOW) {
        outcome = covered;
      }
    }
    return outcome;
  }

  static boolean hasConditions(List<PolicyStatement> statements) {
    for (PolicyStatement s : statements) {
      if (!s.condition().isEmpty()) {
        return true;
      }
    }
    return false;
  }
}
