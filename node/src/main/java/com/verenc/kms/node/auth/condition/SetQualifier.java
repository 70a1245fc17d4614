package com.verenc.kms.node.auth.condition;

/** How a condition treats a key with several request values: IAM's set operators, or none. */
enum SetQualifier {
  /** No prefix: positive operators want some value to match, negated ones no value to match. */
  NONE(""),
  /** Some request value must satisfy the operator; none present is false. */
  FOR_ANY_VALUE("ForAnyValue"),
  /** Every request value must satisfy the operator; none present is true. */
  FOR_ALL_VALUES("ForAllValues");

  private final String prefix;

  SetQualifier(String prefix) {
    this.prefix = prefix;
  }

  /** The qualifier a prefix (the text before the colon) names, or null. */
  static SetQualifier named(String prefix) {
    for (SetQualifier q : values()) {
      if (q != NONE && q.prefix.equals(prefix)) {
        return q;
      }
    }
    return null;
  }
}
