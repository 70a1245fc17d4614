package com.verenc.kms.node.auth.condition;

import com.verenc.kms.node.auth.document.PolicyJson;
import java.util.List;

/**
 * An operator as a Condition block names it: an optional set prefix ({@code ForAnyValue:}, {@code
 * ForAllValues:}), the operator, and an optional {@code IfExists}, e.g. {@code
 * ForAllValues:StringLikeIfExists}.
 */
record OperatorName(SetQualifier qualifier, Operator operator, boolean ifExists) {
  private static final String IF_EXISTS = "IfExists";

  /**
   * @param place the operator's place, e.g. {@code Statement[0].Condition.StringEqualz}
   * @throws MalformedCondition for an unknown operator or prefix, or Null with either addition
   */
  static OperatorName parse(String written, String place) {
    SetQualifier qualifier = SetQualifier.NONE;
    String rest = written;
    int colon = written.indexOf(':');
    if (colon >= 0) {
      qualifier = SetQualifier.named(written.substring(0, colon));
      if (qualifier == null) {
        throw new MalformedCondition(
            place
                + " has the prefix \""
                + PolicyJson.quotable(written.substring(0, colon + 1))
                + "\", which is not a set operator; use ForAnyValue: or ForAllValues:");
      }
      rest = written.substring(colon + 1);
    }
    boolean ifExists = rest.endsWith(IF_EXISTS) && rest.length() > IF_EXISTS.length();
    String base = ifExists ? rest.substring(0, rest.length() - IF_EXISTS.length()) : rest;
    Operator operator = Operator.named(base);
    if (operator == null) {
      throw new MalformedCondition(place + " is not a condition operator; " + suggestion(base));
    }
    if (operator == Operator.NULL && ifExists) {
      throw new MalformedCondition(
          place + " is not allowed: Null itself tests whether the key is present; use Null");
    }
    if (operator == Operator.NULL && qualifier != SetQualifier.NONE) {
      throw new MalformedCondition(
          place
              + " is not allowed: Null tests whether the key is present and takes no"
              + " ForAnyValue: or ForAllValues: prefix");
    }
    return new OperatorName(qualifier, operator, ifExists);
  }

  Condition compile(ConditionKey key, List<PolicyValue> values) {
    return operator.compile(key, values, qualifier, ifExists);
  }

  private static String suggestion(String base) {
    Operator sameButCase = Operator.namedIgnoringCase(base);
    if (sameButCase != null) {
      return "operator names are case-sensitive: use " + sameButCase.iamName();
    }
    return "use "
        + Operator.NAMES
        + " (IfExists may follow any but Null, and ForAnyValue: or ForAllValues: precede it)";
  }
}
