package com.verenc.kms.node.auth.condition;

import java.util.List;
import java.util.Objects;

/**
 * A condition key as a policy names it, e.g. {@code kms:EncryptionContext:tenant}.
 *
 * <p>Key names are case-insensitive, as in IAM; the part after a variable prefix (an encryption
 * context key, a tag key) is the tenant's own name and keeps its case. Two keys are equal when they
 * name the same key, however the policy wrote them: {@link #written} is left out of {@code equals}.
 *
 * @param name the key name in lower case; for a variable key the prefix only, e.g. {@code
 *     kms:encryptioncontext:}
 * @param variable for a variable key the rest as written (case kept), e.g. {@code tenant}; "" for
 *     every other key
 * @param written the key as the policy wrote it
 */
public record ConditionKey(String name, String variable, String written) {
  /** The keys whose last part is a name of the tenant's, compared case-sensitively. */
  private static final List<String> VARIABLE_PREFIXES =
      List.of("kms:encryptioncontext:", "aws:resourcetag/", "aws:requesttag/", "aws:principaltag/");

  public ConditionKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(variable, "variable");
    Objects.requireNonNull(written, "written");
  }

  /**
   * The key a policy names. Only A-Z fold: IAM key names are ASCII, and a Unicode fold would let
   * other characters stand for their letters (the Kelvin sign lower-cases to k).
   */
  public static ConditionKey parse(String written) {
    for (String prefix : VARIABLE_PREFIXES) {
      if (startsWithIgnoringAsciiCase(written, prefix)) {
        return new ConditionKey(prefix, written.substring(prefix.length()), written);
      }
    }
    return new ConditionKey(lowerAscii(written), "", written);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ConditionKey key
        && name.equals(key.name)
        && variable.equals(key.variable);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + variable.hashCode();
  }

  private static boolean startsWithIgnoringAsciiCase(String text, String lowerPrefix) {
    if (text.length() < lowerPrefix.length()) {
      return false;
    }
    for (int i = 0; i < lowerPrefix.length(); i++) {
      if (lowerAscii(text.charAt(i)) != lowerPrefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static String lowerAscii(String text) {
    StringBuilder lower = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      lower.append(lowerAscii(text.charAt(i)));
    }
    return lower.toString();
  }

  private static char lowerAscii(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }
}
