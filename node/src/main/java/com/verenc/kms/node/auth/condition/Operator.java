package com.verenc.kms.node.auth.condition;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * IAM's condition operators (without IfExists or a set prefix): each names how its values compile
 * and whether it is negated. Null is apart, as it reads no request values.
 */
enum Operator {
  STRING_EQUALS("StringEquals", false, StringValues::equalTo),
  STRING_NOT_EQUALS("StringNotEquals", true, StringValues::equalTo),
  STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", false, StringValues::equalIgnoringCase),
  STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", true, StringValues::equalIgnoringCase),
  STRING_LIKE("StringLike", false, StringValues::like),
  STRING_NOT_LIKE("StringNotLike", true, StringValues::like),
  NUMERIC_EQUALS("NumericEquals", false, v -> NumericValues.compile(v, Comparison.EQUAL)),
  NUMERIC_NOT_EQUALS("NumericNotEquals", true, v -> NumericValues.compile(v, Comparison.EQUAL)),
  NUMERIC_LESS_THAN("NumericLessThan", false, v -> NumericValues.compile(v, Comparison.LESS)),
  NUMERIC_LESS_THAN_EQUALS(
      "NumericLessThanEquals", false, v -> NumericValues.compile(v, Comparison.LESS_OR_EQUAL)),
  NUMERIC_GREATER_THAN(
      "NumericGreaterThan", false, v -> NumericValues.compile(v, Comparison.GREATER)),
  NUMERIC_GREATER_THAN_EQUALS(
      "NumericGreaterThanEquals",
      false,
      v -> NumericValues.compile(v, Comparison.GREATER_OR_EQUAL)),
  DATE_EQUALS("DateEquals", false, v -> DateValues.compile(v, Comparison.EQUAL)),
  DATE_NOT_EQUALS("DateNotEquals", true, v -> DateValues.compile(v, Comparison.EQUAL)),
  DATE_LESS_THAN("DateLessThan", false, v -> DateValues.compile(v, Comparison.LESS)),
  DATE_LESS_THAN_EQUALS(
      "DateLessThanEquals", false, v -> DateValues.compile(v, Comparison.LESS_OR_EQUAL)),
  DATE_GREATER_THAN("DateGreaterThan", false, v -> DateValues.compile(v, Comparison.GREATER)),
  DATE_GREATER_THAN_EQUALS(
      "DateGreaterThanEquals", false, v -> DateValues.compile(v, Comparison.GREATER_OR_EQUAL)),
  BOOL("Bool", false, BoolValues::compile),
  BINARY_EQUALS("BinaryEquals", false, BinaryValues::compile),
  IP_ADDRESS("IpAddress", false, IpValues::compile),
  NOT_IP_ADDRESS("NotIpAddress", true, IpValues::compile),
  ARN_EQUALS("ArnEquals", false, ArnValues::compile),
  ARN_LIKE("ArnLike", false, ArnValues::compile),
  ARN_NOT_EQUALS("ArnNotEquals", true, ArnValues::compile),
  ARN_NOT_LIKE("ArnNotLike", true, ArnValues::compile),
  NULL("Null", false, null);

  /** Every operator name, for the message that refuses an unknown one. */
  static final String NAMES =
      Stream.of(values()).map(o -> o.iamName).collect(Collectors.joining(", "));

  private final String iamName;
  private final boolean negated;
  private final Function<List<PolicyValue>, ValueMatcher> compiler;

  Operator(String iamName, boolean negated, Function<List<PolicyValue>, ValueMatcher> compiler) {
    this.iamName = iamName;
    this.negated = negated;
    this.compiler = compiler;
  }

  /** The operator of this exact name (IAM's names are case-sensitive), or null. */
  static Operator named(String name) {
    for (Operator o : values()) {
      if (o.iamName.equals(name)) {
        return o;
      }
    }
    return null;
  }

  /** The operator whose name differs from this one only in case, or null. */
  static Operator namedIgnoringCase(String name) {
    for (Operator o : values()) {
      if (o.iamName.equalsIgnoreCase(name)) {
        return o;
      }
    }
    return null;
  }

  String iamName() {
    return iamName;
  }

  Condition compile(
      ConditionKey key, List<PolicyValue> values, SetQualifier qualifier, boolean ifExists) {
    if (this == NULL) {
      return NullCondition.compile(key, values);
    }
    return new ValueCondition(key, compiler.apply(values), negated, qualifier, ifExists);
  }
}
