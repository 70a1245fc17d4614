package com.verenc.kms.node.auth.condition;

import com.fasterxml.jackson.databind.JsonNode;
import com.verenc.kms.node.auth.document.PolicyJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Condition element of one statement, compiled: every operator must hold, and within an
 * operator every key (IAM's AND of ANDs). Patterns, numbers, dates and address blocks are compiled
 * here, once, so matching a request allocates nothing beyond what the {@link ConditionContext}
 * returns; only a request value in a rarer form (a decimal with a fraction, a date other than
 * {@code yyyy-MM-ddTHH:mm:ssZ} or epoch seconds) is read into one object.
 *
 * <p>What a block holds is proportional to its JSON: at most 100 values per key, each compiled in
 * time and space linear in its length.
 */
public final class ConditionBlock {
  private static final ConditionBlock NONE = new ConditionBlock(new Condition[0], Set.of());
  private static final String EXAMPLE =
      "{\"StringEquals\": {\"kms:CallerAccount\": \"111122223333\"}}";

  private final Condition[] conditions;
  private final Set<ConditionKey> keys;

  private ConditionBlock(Condition[] conditions, Set<ConditionKey> keys) {
    this.conditions = conditions;
    this.keys = keys;
  }

  /**
   * Compiles a statement's Condition object (the JSON value of "Condition").
   *
   * @param path names the element in messages, e.g. {@code Statement[2].Condition}
   * @throws MalformedCondition naming the place and the problem
   */
  public static ConditionBlock parse(JsonNode condition, String path) {
    if (condition == null || !condition.isObject()) {
      throw new MalformedCondition(
          path + " must be an object of condition operators, such as " + EXAMPLE);
    }
    List<Condition> compiled = new ArrayList<>();
    Set<ConditionKey> keys = new LinkedHashSet<>();
    for (Map.Entry<String, JsonNode> op : condition.properties()) {
      String opPath = PolicyJson.member(path, op.getKey());
      OperatorName operator = OperatorName.parse(op.getKey(), opPath);
      JsonNode body = op.getValue();
      if (!body.isObject() || body.isEmpty()) {
        throw new MalformedCondition(
            opPath
                + " must be an object naming at least one condition key and its values, such as"
                + " {\"kms:CallerAccount\": \"111122223333\"}");
      }
      for (Map.Entry<String, JsonNode> entry : body.properties()) {
        String keyPath = PolicyJson.member(opPath, entry.getKey());
        ConditionKey key = ConditionKey.parse(entry.getKey());
        compiled.add(operator.compile(key, PolicyValue.listOf(entry.getValue(), keyPath)));
        keys.add(key);
      }
    }
    if (compiled.isEmpty()) {
      return NONE;
    }
    return new ConditionBlock(
        compiled.toArray(Condition[]::new), Collections.unmodifiableSet(keys));
  }

  /** The block of a statement without a Condition element: it always matches. */
  public static ConditionBlock none() {
    return NONE;
  }

  public boolean isEmpty() {
    return conditions.length == 0;
  }

  /** Whether every condition of the block holds for this request. */
  public boolean matches(ConditionContext context) {
    for (Condition condition : conditions) {
      if (!condition.holds(context)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The keys the block reads, in the order the policy names them, for callers that precompute
   * whether a decision depends on the request. Keys are equal however the policy spelled them.
   */
  public Set<ConditionKey> keys() {
    return keys;
  }
}
