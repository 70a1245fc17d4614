package com.verenc.kms.node.auth.condition;

import java.util.List;

/**
 * A condition that compares a key's request values with policy values (every operator but Null).
 *
 * @param negated for the Not operators: a request value satisfies the condition when it matches
 *     none of the policy values
 * @param ifExists when the request does not have the key, the condition holds
 */
record ValueCondition(
    ConditionKey key,
    ValueMatcher matcher,
    boolean negated,
    SetQualifier qualifier,
    boolean ifExists)
    implements Condition {

  @Override
  public boolean holds(ConditionContext context) {
    List<String> values = context.values(key);
    if (values.isEmpty()) {
      return ifExists
          || switch (qualifier) {
            // As in IAM: a missing key matches no value, so only a negated operator holds.
            case NONE -> negated;
            case FOR_ANY_VALUE -> false;
            case FOR_ALL_VALUES -> true;
          };
    }
    return switch (qualifier) {
      // No prefix: some request value matches some policy value, or for a negated operator none.
      case NONE -> someValueMatches(values) != negated;
      case FOR_ANY_VALUE -> someValueSatisfies(values);
      case FOR_ALL_VALUES -> everyValueSatisfies(values);
    };
  }

  // Indexed loops rather than iterators: nothing allocated per evaluation.
  private boolean someValueMatches(List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      if (matcher.matchesAny(values.get(i))) {
        return true;
      }
    }
    return false;
  }

  private boolean someValueSatisfies(List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      if (satisfies(values.get(i))) {
        return true;
      }
    }
    return false;
  }

  private boolean everyValueSatisfies(List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      if (!satisfies(values.get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether one request value satisfies the operator: matches a policy value, or none if negated.
   */
  private boolean satisfies(String requestValue) {
    return matcher.matchesAny(requestValue) != negated;
  }
}
