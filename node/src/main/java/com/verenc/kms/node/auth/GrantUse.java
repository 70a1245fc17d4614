package com.verenc.kms.node.auth;

/**
 * Told the id of the grant that allowed a request on a key (rather than a policy), so that the
 * request's audit record can name it. Called on the request's own chain of stages.
 */
@FunctionalInterface
public interface GrantUse {
  /** For requests whose grants nobody records. */
  GrantUse IGNORED = grantId -> {};

  void allowedBy(String grantId);
}
