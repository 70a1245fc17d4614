package com.verenc.kms.protocol.model;

import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Collects input constraint violations of one request and throws them as one AWS-style error ("2
 * validation errors detected: Value ... at 'keyId' failed to satisfy constraint: ..."). Every check
 * except {@link #required} passes a {@code null} value, so optional members need no special casing.
 */
public final class Constraints {

  // Echoing a long value back (a 130 KB policy) helps nobody; short ones help find the typo.
  private static final int MAX_ECHOED_LENGTH = 256;

  private final ErrorCode code;
  private final List<String> violations = new ArrayList<>();

  private Constraints(ErrorCode code) {
    this.code = code;
  }

  /** Violations reported as {@link ErrorCode#VALIDATION}. */
  public static Constraints validation() {
    return new Constraints(ErrorCode.VALIDATION);
  }

  /** Violations reported as {@link ErrorCode#TAG}: tag keys and values. */
  public static Constraints tagging() {
    return new Constraints(ErrorCode.TAG);
  }

  public Constraints required(String member, Object value) {
    if (value == null) {
      violations.add(
          "Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
    }
    return this;
  }

  /** Length in characters, value echoed when short. */
  public Constraints length(String member, String value, int min, int max) {
    if (value != null) {
      checkLength(member, echo(value), value.length(), min, max);
    }
    return this;
  }

  /** Length in bytes; the value is never echoed since blobs carry plaintext and ciphertext. */
  public Constraints length(String member, byte[] value, int min, int max) {
    if (value != null) {
      checkLength(member, "", value.length, min, max);
    }
    return this;
  }

  /** Number of entries of a list or map. */
  public Constraints size(String member, Collection<?> value, int min, int max) {
    if (value != null) {
      checkLength(member, "", value.size(), min, max);
    }
    return this;
  }

  public Constraints range(String member, Integer value, int min, int max) {
    if (value != null && value < min) {
      fail(member, " '" + value + "'", "Member must have value greater than or equal to " + min);
    } else if (value != null && value > max) {
      fail(member, " '" + value + "'", "Member must have value less than or equal to " + max);
    }
    return this;
  }

  /** The whole value must match {@code pattern}. */
  public Constraints pattern(String member, String value, Pattern pattern) {
    if (value != null && !pattern.matcher(value).matches()) {
      fail(
          member,
          echo(value),
          "Member must satisfy regular expression pattern: " + pattern.pattern());
    }
    return this;
  }

  public Constraints oneOf(String member, String value, List<String> allowed) {
    if (value != null && !allowed.contains(value)) {
      fail(member, echo(value), "Member must satisfy enum value set: " + allowed);
    }
    return this;
  }

  /** List entries must not be null; reported AWS-style as {@code member.<n>.member}, n from 1. */
  public Constraints noNullElements(String member, List<?> value) {
    if (value != null) {
      for (int i = 0; i < value.size(); i++) {
        required(element(member, i), value.get(i));
      }
    }
    return this;
  }

  /** Map values must not be null (JSON cannot express a null key). */
  public Constraints noNullValues(String member, Map<String, String> value) {
    if (value != null) {
      value.forEach(
          (k, v) -> {
            if (v == null) {
              fail(member, " null", "Map value for key '" + k + "' must not be null");
            }
          });
    }
    return this;
  }

  /** A rule that spans members; {@code message} says what to send instead. */
  public Constraints rule(boolean satisfied, String message) {
    if (!satisfied) {
      violations.add(message);
    }
    return this;
  }

  /**
   * Throws every violation found so far as one {@link KmsException}; does nothing if there is none.
   */
  public void throwIfViolated() {
    if (violations.isEmpty()) {
      return;
    }
    int n = violations.size();
    String prefix = n + (n == 1 ? " validation error detected: " : " validation errors detected: ");
    throw new KmsException(code, prefix + String.join("; ", violations));
  }

  /** The AWS path of a list entry: {@code tags.1.member}. */
  public static String element(String member, int index) {
    return member + "." + (index + 1) + ".member";
  }

  private void checkLength(String member, String echoed, int length, int min, int max) {
    if (length < min) {
      fail(member, echoed, "Member must have length greater than or equal to " + min);
    } else if (length > max) {
      fail(member, echoed, "Member must have length less than or equal to " + max);
    }
  }

  private void fail(String member, String echoed, String constraint) {
    violations.add(
        "Value" + echoed + " at '" + member + "' failed to satisfy constraint: " + constraint);
  }

  private static String echo(String value) {
    return value.length() <= MAX_ECHOED_LENGTH ? " '" + value + "'" : "";
  }
}
