package com.verenc.kms.node.auth.document;

/**
 * An IAM wildcard pattern of a key policy (Action, NotAction, Resource): {@code *} matches any run
 * of characters including none, {@code ?} exactly one character, everything else itself.
 *
 * <p>Patterns come from tenants, so matching must not depend on how hostile the pattern is (a regex
 * with one {@code .*} per star backtracks exponentially on {@code "******!"}). The pattern is split
 * at its stars into segments; the first must match at the start of the text and the last at its end
 * (unless the pattern starts or ends with a star), and the ones between are found left to right,
 * each at its leftmost place after the one before. Leftmost is always right: every later place
 * leaves less text to the segments after it. No text shorter than the segments together can match,
 * so only segments of at most n characters in total are ever searched, and a match costs at most
 * O(n^2) character comparisons for a text of n characters, however many stars the pattern has; in
 * practice O(n), as only places where a segment's first literal character occurs are tried. The
 * texts are action names and key ARNs the node makes, under 200 characters. Compiling costs O(m)
 * for a pattern of m characters, with a few arrays per pattern, not objects per segment: a 32 KB
 * policy may hold thousands of segments.
 */
public final class PolicyPattern {
  private final String source;
  private final boolean ignoreCase;

  /** The pattern, A-Z folded to a-z when case is ignored; segments are ranges of it. */
  private final String chars;

  private final boolean starAtStart;
  private final boolean starAtEnd;
  private final int[] segmentStart;
  private final int[] segmentEnd;

  /** Offset in each segment of its first character other than ?, or -1 when it is all ?. */
  private final int[] firstLiteral;

  private final int minLength;

  private PolicyPattern(String source, boolean ignoreCase) {
    this.source = source;
    this.ignoreCase = ignoreCase;
    this.chars = ignoreCase ? foldAscii(source) : source;
    this.starAtStart = source.startsWith("*");
    this.starAtEnd = source.endsWith("*");
    int count = 0;
    for (int i = 0; i < chars.length(); i++) {
      if (chars.charAt(i) != '*' && (i == 0 || chars.charAt(i - 1) == '*')) {
        count++;
      }
    }
    segmentStart = new int[count];
    segmentEnd = new int[count];
    firstLiteral = new int[count];
    int total = 0;
    int segment = -1;
    for (int i = 0; i < chars.length(); i++) {
      char c = chars.charAt(i);
      if (c == '*') {
        continue;
      }
      if (i == 0 || chars.charAt(i - 1) == '*') {
        segment++;
        segmentStart[segment] = i;
        firstLiteral[segment] = -1;
      }
      segmentEnd[segment] = i + 1;
      if (c != '?' && firstLiteral[segment] < 0) {
        firstLiteral[segment] = i - segmentStart[segment];
      }
      total++;
    }
    this.minLength = total;
  }

  /** A pattern for ARNs, which IAM compares case-sensitively. */
  public static PolicyPattern caseSensitive(String pattern) {
    return new PolicyPattern(pattern, false);
  }

  /**
   * A pattern for action names, which IAM compares ignoring case. Action names are ASCII, so only
   * A-Z fold: a Unicode fold could change a text's length under a {@code ?}.
   */
  public static PolicyPattern ignoringCase(String pattern) {
    return new PolicyPattern(pattern, true);
  }

  public boolean matches(String text) {
    return matches(text, 0, text.length());
  }

  /**
   * Whether the pattern matches the characters of {@code text} from {@code from} (inclusive) to
   * {@code to} (exclusive): one field of an ARN, matched where it lies rather than cut out of it.
   */
  public boolean matches(String text, int from, int to) {
    int length = to - from;
    if (length < minLength) {
      return false;
    }
    int last = segmentStart.length;
    if (last == 0) {
      return starAtStart || length == 0;
    }
    int first = 0;
    int at = from;
    int end = to;
    if (!starAtStart) {
      if (!starAtEnd && last == 1) {
        return length == length(0) && matchesAt(0, text, from);
      }
      if (!matchesAt(0, text, from)) {
        return false;
      }
      at = from + length(first++);
    }
    if (!starAtEnd) {
      // minLength leaves room for the tail after the head, so the two never overlap.
      end = to - length(--last);
      if (!matchesAt(last, text, end)) {
        return false;
      }
    }
    for (int s = first; s < last; s++) {
      int found = find(s, text, at, end);
      if (found < 0) {
        return false;
      }
      at = found + length(s);
    }
    return true;
  }

  /** The pattern as written in the policy. */
  @Override
  public String toString() {
    return source;
  }

  private int length(int segment) {
    return segmentEnd[segment] - segmentStart[segment];
  }

  /**
   * The leftmost place at or after {@code from} where the segment fits before {@code end}, or -1.
   */
  private int find(int segment, String text, int from, int end) {
    int lastStart = end - length(segment);
    int offset = firstLiteral[segment];
    if (offset < 0) {
      return from <= lastStart ? from : -1;
    }
    // Only places where the segment's first literal character fits are tried.
    char literal = chars.charAt(segmentStart[segment] + offset);
    for (int at = from; at <= lastStart; at++) {
      int hit = indexOf(text, literal, at + offset);
      if (hit < 0 || hit - offset > lastStart) {
        return -1;
      }
      at = hit - offset;
      if (matchesAt(segment, text, at)) {
        return at;
      }
    }
    return -1;
  }

  private int indexOf(String text, char literal, int from) {
    if (!ignoreCase || literal < 'a' || literal > 'z') {
      return text.indexOf(literal, from);
    }
    for (int i = from; i < text.length(); i++) {
      if (foldAscii(text.charAt(i)) == literal) {
        return i;
      }
    }
    return -1;
  }

  private boolean matchesAt(int segment, String text, int at) {
    int start = segmentStart[segment];
    int length = segmentEnd[segment] - start;
    // Leading ? match anything; a segment of only ? matches anywhere it fits.
    int literal = firstLiteral[segment];
    for (int i = literal < 0 ? length : literal; i < length; i++) {
      char p = chars.charAt(start + i);
      char c = text.charAt(at + i);
      if (p != '?' && p != (ignoreCase ? foldAscii(c) : c)) {
        return false;
      }
    }
    return true;
  }

  private static String foldAscii(String s) {
    StringBuilder folded = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      folded.append(foldAscii(s.charAt(i)));
    }
    return folded.toString();
  }

  private static char foldAscii(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }
}
