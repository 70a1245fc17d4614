package com.verenc.kms.node.auth;

/**
 * Which grant on the key allows the request: asked only when no policy denies it explicitly and the
 * policies do not allow it.
 */
@FunctionalInterface
public interface GrantAllowance {
  /** For requests no grant can allow. */
  GrantAllowance NONE = () -> null;

  /** The id of a grant that allows the request; null when none does. */
  String allowingGrant();
}
