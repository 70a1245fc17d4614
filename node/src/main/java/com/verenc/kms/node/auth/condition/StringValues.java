package com.verenc.kms.node.auth.condition;

import com.verenc.kms.node.auth.document.PolicyPattern;
import java.util.List;

/** The values of a String condition, compared exactly, ignoring case, or with wildcards. */
final class StringValues {
  private StringValues() {}

  static ValueMatcher equalTo(List<PolicyValue> values) {
    String[] texts = texts(values);
    return requestValue -> {
      for (String text : texts) {
        if (text.equals(requestValue)) {
          return true;
        }
      }
      return false;
    };
  }

  static ValueMatcher equalIgnoringCase(List<PolicyValue> values) {
    String[] texts = texts(values);
    return requestValue -> {
      for (String text : texts) {
        if (text.equalsIgnoreCase(requestValue)) {
          return true;
        }
      }
      return false;
    };
  }

  /** {@code *} and {@code ?} wildcards, case-sensitive, as in IAM's StringLike. */
  static ValueMatcher like(List<PolicyValue> values) {
    PolicyPattern[] patterns = new PolicyPattern[values.size()];
    for (int i = 0; i < patterns.length; i++) {
      patterns[i] = PolicyPattern.caseSensitive(literal(values.get(i)));
    }
    return requestValue -> {
      for (PolicyPattern pattern : patterns) {
        if (pattern.matches(requestValue)) {
          return true;
        }
      }
      return false;
    };
  }

  private static String[] texts(List<PolicyValue> values) {
    String[] texts = new String[values.size()];
    for (int i = 0; i < texts.length; i++) {
      texts[i] = literal(values.get(i));
    }
    return texts;
  }

  /**
   * The value's text. A policy variable is refused rather than compared as text: a Deny whose
   * {@code ${aws:username}} matched only those very characters would never apply.
   */
  static String literal(PolicyValue value) {
    if (value.text().contains("${")) {
      throw value.malformed(
          "uses a policy variable (${...}), which this KMS does not support; give the value itself");
    }
    return value.text();
  }
}
