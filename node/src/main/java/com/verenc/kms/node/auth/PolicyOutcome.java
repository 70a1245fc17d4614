package com.verenc.kms.node.auth;

/** What one policy says about a request, before the policies are combined (see Authorizer). */
public enum PolicyOutcome {
  /** A statement denies it; nothing can override that. */
  EXPLICIT_DENY,
  /** A statement allows it for this principal itself (or "*", or the root of its account). */
  ALLOWS_PRINCIPAL,
  /**
   * A key policy statement allows it for the principal's account, which delegates the decision to
   * the principal's identity policies (AWS's "Enable IAM User Permissions").
   */
  ALLOWS_ACCOUNT,
  /** No statement allows it. */
  NO_ALLOW
}
