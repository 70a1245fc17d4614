package com.verenc.kms.node.auth.condition;

/** How a Numeric or Date operator compares the request value (left) with a policy value. */
enum Comparison {
  EQUAL,
  LESS,
  LESS_OR_EQUAL,
  GREATER,
  GREATER_OR_EQUAL;

  /**
   * @param order the sign of request value compared to policy value, as from {@code compareTo}
   */
  boolean holds(int order) {
    return switch (this) {
      case EQUAL -> order == 0;
      case LESS -> order < 0;
      case LESS_OR_EQUAL -> order <= 0;
      case GREATER -> order > 0;
      case GREATER_OR_EQUAL -> order >= 0;
    };
  }
}
