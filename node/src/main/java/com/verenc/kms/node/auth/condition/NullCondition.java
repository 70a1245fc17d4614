package com.verenc.kms.node.auth.condition;

import java.util.List;

/**
 * The Null operator: {@code true} holds when the request does not have the key, {@code false} when
 * it does. Listing both (they are alternatives) holds always.
 */
record NullCondition(ConditionKey key, boolean holdsWhenAbsent, boolean holdsWhenPresent)
    implements Condition {

  static NullCondition compile(ConditionKey key, List<PolicyValue> values) {
    boolean whenAbsent = false;
    boolean whenPresent = false;
    for (PolicyValue value : values) {
      if (BoolValues.truth(value)) {
        whenAbsent = true;
      } else {
        whenPresent = true;
      }
    }
    return new NullCondition(key, whenAbsent, whenPresent);
  }

  @Override
  public boolean holds(ConditionContext context) {
    return context.values(key).isEmpty() ? holdsWhenAbsent : holdsWhenPresent;
  }
}
