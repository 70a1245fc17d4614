package com.verenc.kms.node.auth.condition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.verenc.kms.node.auth.document.PolicyJson;
import java.util.ArrayList;
import java.util.List;

/**
 * One value a condition gives for a key, as text, with the JSON type it was written as and its
 * place for messages.
 *
 * @param place e.g. {@code Statement[1].Condition.StringEquals.kms:CallerAccount[3]}, or without
 *     the index when the key has a single value rather than a list
 */
record PolicyValue(String text, Kind kind, String place) {
  /** A key takes at most this many values, so one statement cannot make an evaluation unbounded. */
  static final int MAX_VALUES = 100;

  enum Kind {
    STRING,
    NUMBER,
    BOOLEAN
  }

  /** The values of a key: one scalar, or a non-empty list of at most {@link #MAX_VALUES}. */
  static List<PolicyValue> listOf(JsonNode node, String keyPath) {
    if (!node.isArray()) {
      PolicyValue single = of(node, keyPath);
      if (single == null) {
        throw new MalformedCondition(
            keyPath + " must be a string, number or boolean, or a list of them");
      }
      return List.of(single);
    }
    if (node.isEmpty()) {
      throw new MalformedCondition(keyPath + " is an empty list; give at least one value");
    }
    if (node.size() > MAX_VALUES) {
      throw new MalformedCondition(
          keyPath + " has " + node.size() + " values; a condition key takes at most " + MAX_VALUES);
    }
    List<PolicyValue> values = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      String place = PolicyJson.element(keyPath, i);
      PolicyValue value = of(node.get(i), place);
      if (value == null) {
        throw new MalformedCondition(place + " must be a string, number or boolean");
      }
      values.add(value);
    }
    return List.copyOf(values);
  }

  /** A scalar as text, or null for anything else (object, array, null). */
  private static PolicyValue of(JsonNode node, String place) {
    if (node.isTextual()) {
      return new PolicyValue(node.textValue(), Kind.STRING, place);
    }
    if (node.isBoolean()) {
      return new PolicyValue(String.valueOf(node.booleanValue()), Kind.BOOLEAN, place);
    }
    if (node.isNumber()) {
      return new PolicyValue(node.asText(), Kind.NUMBER, place);
    }
    // PolicyJson keeps numbers as their text in raw-value nodes.
    if (node instanceof POJONode pojo && pojo.getPojo() instanceof RawValue raw) {
      return new PolicyValue(String.valueOf(raw.rawValue()), Kind.NUMBER, place);
    }
    return null;
  }

  /** A refusal of this value: {@code place + " " + what}. */
  MalformedCondition malformed(String what) {
    return new MalformedCondition(place + " " + what);
  }
}
