package com.verenc.kms.node.auth.condition;

import java.util.List;

/** The values a request has for condition keys. */
public interface ConditionContext {
  /**
   * The request's values for this key (one element for single-valued keys); empty when the request
   * does not have the key, including every key this KMS does not know. Never null.
   */
  List<String> values(ConditionKey key);
}
