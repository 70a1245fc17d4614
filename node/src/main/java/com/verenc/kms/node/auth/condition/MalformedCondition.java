package com.verenc.kms.node.auth.condition;

/**
 * A Condition element that cannot be compiled. The message says where and what, without a trailing
 * period, e.g. {@code Statement[0].Condition.StringEqualz is not a condition operator; use
 * StringEquals, ...}; it names places and members, never the policy's values.
 */
public final class MalformedCondition extends RuntimeException {
  MalformedCondition(String message) {
    super(message);
  }
}
