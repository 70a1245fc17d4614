package com.verenc.kms.node.auth;

import java.util.List;

/**
 * One statement of a key policy, reduced to what evaluation reads.
 *
 * @param principals as written: "*", an account id or an account root ARN match; other forms
 *     (users, roles) match nothing yet
 * @param conditional whether the statement has a Condition, which is not evaluated
 */
record PolicyStatement(
    boolean allow,
    List<String> principals,
    List<PolicyPattern> actions,
    boolean notAction,
    List<PolicyPattern> resources,
    boolean conditional) {

  /** Whether the statement speaks about this account doing this action on this key. */
  boolean appliesTo(String accountId, String action, List<String> resourceArns) {
    return principalMatches(accountId) && actionMatches(action) && resourceMatches(resourceArns);
  }

  private boolean principalMatches(String accountId) {
    for (String p : principals) {
      if (p.equals("*")
          || p.equals(accountId)
          || isRoot(p, "arn:aws:iam::", accountId)
          || isRoot(p, "arn:verenc:iam::", accountId)
          || isRoot(p, "arn:verenc:", accountId)) {
        return true;
      }
    }
    return false;
  }

  /** Whether p is prefix + account + ":root", without building that string on every evaluation. */
  private static boolean isRoot(String p, String prefix, String accountId) {
    return p.length() == prefix.length() + accountId.length() + ":root".length()
        && p.startsWith(prefix)
        && p.startsWith(accountId, prefix.length())
        && p.endsWith(":root");
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
