package com.verenc.kms.node.auth.condition;

/**
 * The policy values of one key under one operator family, compiled. Negation, IfExists and the set
 * operators are the caller's: a matcher only answers for one request value.
 */
interface ValueMatcher {
  /**
   * Whether the request value matches at least one policy value; a request value the family cannot
   * read (not a number, not an address) matches none.
   */
  boolean matchesAny(String requestValue);
}
