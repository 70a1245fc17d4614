package com.verenc.kms.node.auth;

import com.verenc.kms.node.auth.condition.ConditionBlock;
import com.verenc.kms.node.auth.condition.ConditionContext;
import com.verenc.kms.node.auth.document.PolicyPattern;
import java.util.List;

/**
 * One statement of a key or identity policy, reduced to what evaluation reads.
 *
 * @param principals whom a key policy statement names; null in an identity policy, whose statements
 *     speak of the principal they are attached to
 */
record PolicyStatement(
    boolean allow,
    List<PrincipalPattern> principals,
    List<PolicyPattern> actions,
    boolean notAction,
    List<PolicyPattern> resources,
    ConditionBlock condition) {

  /** Whether the statement speaks of this action on one of these resources in this request. */
  boolean appliesTo(String action, List<String> resourceArns, ConditionContext context) {
    return actionMatches(action)
        && resourceMatches(resourceArns)
        && (condition.isEmpty() || condition.matches(context));
  }

  /**
   * How the statement's Principal covers this principal; ALLOWS_PRINCIPAL in an identity policy.
   */
  PolicyOutcome covers(Principal principal, String principalArn) {
    if (principals == null) {
      return PolicyOutcome.ALLOWS_PRINCIPAL;
    }
    PolicyOutcome best = PolicyOutcome.NO_ALLOW;
    for (PrincipalPattern p : principals) {
      PolicyOutcome covered = p.covers(principal, principalArn);
      if (covered == PolicyOutcome.ALLOWS_PRINCIPAL) {
        return covered;
      }
      if (covered == PolicyOutcome.ALLOWS_ACCOUNT) {
        best = covered;
      }
    }
    return best;
  }

  private boolean actionMatches(String action) {
    boolean listed = false;
    for (PolicyPattern p : actions) {
      if (p.matches(action)) {
        listed = true;
        break;
      }
    }
    return notAction != listed;
  }

  private boolean resourceMatches(List<String> resourceArns) {
    for (PolicyPattern p : resources) {
      for (String arn : resourceArns) {
        if (p.matches(arn)) {
          return true;
        }
      }
    }
    return false;
  }
}
