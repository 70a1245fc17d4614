package com.verenc.kms.node.auth.condition;

import com.verenc.kms.node.auth.document.PolicyPattern;
import java.util.List;

/**
 * The values of an Arn condition (ArnEquals and ArnLike alike, as in IAM: both take wildcards). An
 * ARN is six fields, {@code arn:partition:service:region:account:resource}, the resource being all
 * after the fifth colon; each field is matched on its own, so a {@code *} never reaches across a
 * colon outside the resource. A request value with fewer than six fields matches nothing.
 */
final class ArnValues implements ValueMatcher {
  private static final int FIELDS = 6;

  /** Per policy value, its six field patterns. */
  private final PolicyPattern[][] arns;

  private ArnValues(PolicyPattern[][] arns) {
    this.arns = arns;
  }

  static ArnValues compile(List<PolicyValue> values) {
    PolicyPattern[][] arns = new PolicyPattern[values.size()][];
    for (int i = 0; i < arns.length; i++) {
      PolicyValue value = values.get(i);
      String text = StringValues.literal(value);
      arns[i] = new PolicyPattern[FIELDS];
      int from = 0;
      for (int field = 0; field < FIELDS; field++) {
        int to = field == FIELDS - 1 ? text.length() : text.indexOf(':', from);
        if (to < 0) {
          // Refused rather than never matching: an ArnNotLike with it would always hold.
          throw value.malformed(
              "must be an ARN, arn:partition:service:region:account:resource, with any wildcards"
                  + " inside its fields");
        }
        arns[i][field] = PolicyPattern.caseSensitive(text.substring(from, to));
        from = to + 1;
      }
    }
    return new ArnValues(arns);
  }

  @Override
  public boolean matchesAny(String requestValue) {
    // The five colons that bound the fields; the request value is matched in place.
    int c1 = requestValue.indexOf(':');
    int c2 = c1 < 0 ? -1 : requestValue.indexOf(':', c1 + 1);
    int c3 = c2 < 0 ? -1 : requestValue.indexOf(':', c2 + 1);
    int c4 = c3 < 0 ? -1 : requestValue.indexOf(':', c3 + 1);
    int c5 = c4 < 0 ? -1 : requestValue.indexOf(':', c4 + 1);
    if (c5 < 0) {
      return false;
    }
    for (PolicyPattern[] arn : arns) {
      if (arn[0].matches(requestValue, 0, c1)
          && arn[1].matches(requestValue, c1 + 1, c2)
          && arn[2].matches(requestValue, c2 + 1, c3)
          && arn[3].matches(requestValue, c3 + 1, c4)
          && arn[4].matches(requestValue, c4 + 1, c5)
          && arn[5].matches(requestValue, c5 + 1, requestValue.length())) {
        return true;
      }
    }
    return false;
  }
}
