package com.verenc.kms.node.auth.condition;

import java.util.List;

/**
 * The values of a Bool condition: true or false, as JSON booleans or strings in any case. A request
 * value other than true or false matches nothing.
 */
final class BoolValues implements ValueMatcher {
  private final boolean matchesTrue;
  private final boolean matchesFalse;

  private BoolValues(boolean matchesTrue, boolean matchesFalse) {
    this.matchesTrue = matchesTrue;
    this.matchesFalse = matchesFalse;
  }

  static BoolValues compile(List<PolicyValue> values) {
    boolean matchesTrue = false;
    boolean matchesFalse = false;
    for (PolicyValue value : values) {
      if (truth(value)) {
        matchesTrue = true;
      } else {
        matchesFalse = true;
      }
    }
    return new BoolValues(matchesTrue, matchesFalse);
  }

  /** What a policy value of Bool or Null says. */
  static boolean truth(PolicyValue value) {
    if (value.kind() != PolicyValue.Kind.NUMBER) {
      if (value.text().equalsIgnoreCase("true")) {
        return true;
      }
      if (value.text().equalsIgnoreCase("false")) {
        return false;
      }
    }
    throw value.malformed("must be true or false");
  }

  @Override
  public boolean matchesAny(String requestValue) {
    if (requestValue.equalsIgnoreCase("true")) {
      return matchesTrue;
    }
    return requestValue.equalsIgnoreCase("false") && matchesFalse;
  }
}
