package com.verenc.kms.node.auth;

/** The outcome of evaluating a key policy for one request. */
public enum PolicyDecision {
  ALLOW,
  /** A statement denies it; nothing can override that. */
  EXPLICIT_DENY,
  /** No statement allows it. */
  IMPLICIT_DENY
}
