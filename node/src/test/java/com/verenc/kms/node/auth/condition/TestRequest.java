package com.verenc.kms.node.auth.condition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A request's condition values for tests, keyed as a policy writes them; and blocks from JSON. */
final class TestRequest implements ConditionContext {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<ConditionKey, List<String>> values = new HashMap<>();

  /** A request without any condition key. */
  static TestRequest empty() {
    return new TestRequest();
  }

  static TestRequest with(String key, String... values) {
    return new TestRequest().and(key, values);
  }

  TestRequest and(String key, String... values) {
    this.values.put(ConditionKey.parse(key), List.of(values));
    return this;
  }

  @Override
  public List<String> values(ConditionKey key) {
    return values.getOrDefault(key, List.of());
  }

  /** The block of a Condition element written as JSON, at Statement[0].Condition. */
  static ConditionBlock block(String json) {
    return ConditionBlock.parse(json(json), "Statement[0].Condition");
  }

  /** Whether {@code {operator: {key: values}}} holds for the request. */
  static boolean holds(String operator, String key, String valuesJson, ConditionContext request) {
    var condition = JSON.createObjectNode();
    condition.putObject(operator).set(key, json(valuesJson));
    return ConditionBlock.parse(condition, "Statement[0].Condition").matches(request);
  }

  /** The message of the refusal a Condition element written as JSON gets. */
  static String refusal(String json) {
    return org.junit.jupiter.api.Assertions.assertThrows(
            MalformedCondition.class, () -> block(json))
        .getMessage();
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("test JSON does not parse: " + text, e);
    }
  }
}
