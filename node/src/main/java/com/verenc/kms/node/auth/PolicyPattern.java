package com.verenc.kms.node.auth;

import java.util.ArrayList;
import java.util.List;

/**
 * An IAM wildcard pattern of a key policy (Action, NotAction, Resource): {@code *} matches any run
 * of characters including none, {@code ?} exactly one character, everything else itself.
 *
 * <p>Patterns come from tenants, so matching must not depend on how hostile the pattern is (a
 * regex with one {@code .*} per star backtracks exponentially on {@code "******!"}). The pattern is
 * split at its stars into segments; the first must match at the start of the text and the last at
 * its end (unless the pattern starts or ends with a star), and the ones between are found left to
 * right, each at its leftmost place after the one before. Leftmost is always right: every later
 * place leaves less text to the segments after it. No text shorter than the segments together can
 * match, so only segments of at most n characters in total are ever searched, and a match costs at
 * most O(n^2) character comparisons for a text of n characters, however many stars the pattern
 * has; in practice O(n), as a place is dropped at its first differing character. The texts are
 * action names and key ARNs the node makes, under 200 characters.
 */
public final class PolicyPattern {
  private final String source;
  private final boolean ignoreCase;
  private final boolean starAtStart;
  private final boolean starAtEnd;
  private final Segment[] segments;
  private final int minLength;

  /** The characters between two stars; {@code literalAt} lists where they are not {@code ?}. */
  private record Segment(String chars, int[] literalAt, boolean hasQuestionMark) {
    int length() {
      return chars.length();
    }
  }

  private PolicyPattern(String source, boolean ignoreCase) {
    this.source = source;
    this.ignoreCase = ignoreCase;
    this.starAtStart = source.startsWith("*");
    this.starAtEnd = source.endsWith("*");
    List<Segment> parts = new ArrayList<>();
    int total = 0;
    int start = -1;
    for (int i = 0; i <= source.length(); i++) {
      if (i < source.length() && source.charAt(i) != '*') {
        start = start < 0 ? i : start;
      } else if (start >= 0) {
        String part = source.substring(start, i);
        parts.add(segment(ignoreCase ? foldAscii(part) : part));
        total += part.length();
        start = -1;
      }
    }
    this.segments = parts.toArray(new Segment[0]);
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
    int length = text.length();
    if (length < minLength) {
      return false;
    }
    if (segments.length == 0) {
      return starAtStart || length == 0;
    }
    int first = 0;
    int last = segments.length;
    int from = 0;
    int end = length;
    if (!starAtStart) {
      Segment head = segments[first++];
      if (!starAtEnd && last == 1) {
        return length == head.length() && matchesAt(head, text, 0);
      }
      if (!matchesAt(head, text, 0)) {
        return false;
      }
      from = head.length();
    }
    if (!starAtEnd) {
      // minLength leaves room for the tail after the head, so the two never overlap.
      Segment tail = segments[--last];
      end = length - tail.length();
      if (!matchesAt(tail, text, end)) {
        return false;
      }
    }
    for (int i = first; i < last; i++) {
      int at = find(segments[i], text, from, end);
      if (at < 0) {
        return false;
      }
      from = at + segments[i].length();
    }
    return true;
  }

  /** The pattern as written in the policy. */
  @Override
  public String toString() {
    return source;
  }

  /** The leftmost place at or after {@code from} where the segment fits before {@code end}, or -1. */
  private int find(Segment segment, String text, int from, int end) {
    int lastStart = end - segment.length();
    if (!ignoreCase && !segment.hasQuestionMark()) {
      int at = text.indexOf(segment.chars(), from);
      return at <= lastStart ? at : -1;
    }
    int[] literalAt = segment.literalAt();
    if (literalAt.length == 0) {
      return from <= lastStart ? from : -1;
    }
    if (ignoreCase) {
      for (int at = from; at <= lastStart; at++) {
        if (matchesAt(segment, text, at)) {
          return at;
        }
      }
      return -1;
    }
    // Only places where the first literal character fits are tried; indexOf finds them fast, so
    // segments of many ? with few literals cost one scan of the text.
    int offset = literalAt[0];
    char first = segment.chars().charAt(offset);
    for (int at = from; at <= lastStart; at++) {
      int hit = text.indexOf(first, at + offset);
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

  private boolean matchesAt(Segment segment, String text, int at) {
    if (!ignoreCase && !segment.hasQuestionMark()) {
      return text.startsWith(segment.chars(), at);
    }
    String chars = segment.chars();
    for (int i : segment.literalAt()) {
      char c = text.charAt(at + i);
      if ((ignoreCase ? foldAscii(c) : c) != chars.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static Segment segment(String chars) {
    int[] literalAt = new int[chars.length()];
    int count = 0;
    for (int i = 0; i < chars.length(); i++) {
      if (chars.charAt(i) != '?') {
        literalAt[count++] = i;
      }
    }
    int[] trimmed = new int[count];
    System.arraycopy(literalAt, 0, trimmed, 0, count);
    return new Segment(chars, trimmed, count < chars.length());
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
