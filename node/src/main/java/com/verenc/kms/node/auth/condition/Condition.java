package com.verenc.kms.node.auth.condition;

/** One key under one operator of a Condition block, compiled: the unit a block ANDs. */
sealed interface Condition permits ValueCondition, NullCondition {
  ConditionKey key();

  boolean holds(ConditionContext context);
}
