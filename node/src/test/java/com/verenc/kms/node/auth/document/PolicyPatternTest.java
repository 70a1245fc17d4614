package com.verenc.kms.node.auth.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * IAM wildcards: * any run, ? one character, the rest literal; actions ignore case, ARNs do not.
 */
class PolicyPatternTest {
  private static final String ARN =
      "arn:aws:kms:ch-gva-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  private static boolean arn(String pattern, String text) {
    return PolicyPattern.caseSensitive(pattern).matches(text);
  }

  @Test
  void aPatternWithoutWildcardsMatchesOnlyItself() {
    assertTrue(arn(ARN, ARN));
    assertFalse(arn(ARN, ARN + "x"));
    assertFalse(arn(ARN, ARN.substring(1)));
    assertFalse(arn("kms:Encrypt", "kms:EncryptX"));
    assertTrue(arn("", ""));
    assertFalse(arn("", "a"));
  }

  @Test
  void everyOtherCharacterIsLiteral() {
    assertTrue(arn("a.b+c(d)[e]{f}|g^h$i\\j", "a.b+c(d)[e]{f}|g^h$i\\j"));
    assertFalse(arn("a.c", "abc"));
    assertFalse(arn("a\\Qb\\E", "ab"));
  }

  @Test
  void starMatchesAnyRunIncludingNone() {
    assertTrue(arn("*", ""));
    assertTrue(arn("*", ARN));
    assertTrue(arn("arn:aws:kms:*:111122223333:key/*", ARN));
    assertTrue(arn("*:key/1234abcd-12ab-34cd-56ef-1234567890ab", ARN));
    assertTrue(arn("arn:*", "arn:"));
    assertTrue(arn("*arn", "arn"));
    assertTrue(arn("a*b", "ab"));
    assertTrue(arn("a*b", "axxxb"));
    assertFalse(arn("a*b", "axxxbc"));
    assertFalse(arn("a*b", "cab"));
    assertFalse(arn("arn:aws:kms:*:444455556666:key/*", ARN));
  }

  @Test
  void headAndTailMayNotShareCharacters() {
    assertFalse(arn("ab*ba", "aba"));
    assertTrue(arn("ab*ba", "abba"));
    assertFalse(arn("a*a*a", "aa"));
    assertTrue(arn("a*a*a", "aaa"));
  }

  @Test
  void middleSegmentsAreFoundInOrder() {
    assertTrue(arn("*1111*3333*ab", ARN));
    assertFalse(arn("*3333*1111*", ARN));
    assertTrue(arn("*a*a*a*a*", "banana and"));
    assertFalse(arn("*a*a*a*a*a*", "banana"));
  }

  @Test
  void questionMarkMatchesExactlyOneCharacter() {
    assertTrue(arn("?", "x"));
    assertFalse(arn("?", ""));
    assertFalse(arn("?", "xy"));
    assertTrue(arn("arn:aws:kms:ch-gva-?:111122223333:key/*", ARN));
    assertTrue(arn("*??", "ab"));
    assertFalse(arn("*???", "ab"));
    assertTrue(arn("*a?c*", "xxabcxx"));
    assertTrue(arn("*a?c*", "xxaxcxx"));
    assertFalse(arn("*a?c*", "xxacxx"));
  }

  @Test
  void runsOfStarsActAsOne() {
    assertTrue(arn("******", ""));
    assertTrue(arn("a***b", "ab"));
    assertFalse(arn("******!", ARN));
    assertTrue(arn("******b", ARN));
    assertFalse(arn("*".repeat(1000) + "!", ARN));
  }

  @Test
  void actionsIgnoreCaseAndArnsDoNot() {
    assertTrue(PolicyPattern.ignoringCase("KMS:describe?ey").matches("kms:DescribeKey"));
    assertTrue(PolicyPattern.ignoringCase("kms:generate*").matches("kms:GenerateDataKeyPair"));
    assertTrue(PolicyPattern.ignoringCase("*DATAKEY*").matches("kms:GenerateDataKeyPair"));
    assertFalse(PolicyPattern.ignoringCase("kms:Encrypt").matches("kms:Decrypt"));
    assertFalse(arn("ARN:aws:kms:*", ARN));
    assertFalse(arn("*:KEY/*", ARN));
  }

  @Test
  void caseFoldingIsAsciiOnly() {
    // A Unicode fold would let the Kelvin sign stand for k; action names are ASCII.
    assertFalse(PolicyPattern.ignoringCase("\u212ams:*").matches("kms:Encrypt"));
    assertTrue(PolicyPattern.ignoringCase("\u00e9*").matches("\u00e9x"));
    assertFalse(PolicyPattern.ignoringCase("\u00c9*").matches("\u00e9x"));
  }

  @Test
  void agreesWithAReferenceMatcherOnRandomPatterns() {
    Random random = new Random(20261130L);
    String alphabet = "ab*?";
    for (int round = 0; round < 20_000; round++) {
      String pattern = randomString(random, alphabet, 10);
      String text = randomString(random, "abcAB", 12);
      assertEquals(
          reference(pattern, text, false),
          PolicyPattern.caseSensitive(pattern).matches(text),
          () -> "case-sensitive " + pattern + " against " + text);
      String folded = pattern.replace('a', 'A');
      assertEquals(
          reference(folded, text, true),
          PolicyPattern.ignoringCase(folded).matches(text),
          () -> "ignoring case " + folded + " against " + text);
    }
  }

  @Test
  void aRangeOfATextMatchesAsIfItWereCutOut() {
    String arn = "arn:aws:kms:ch-gva-2:111122223333:key/abc";
    int regionFrom = arn.indexOf("ch-");
    int regionTo = arn.indexOf(':', regionFrom);
    assertTrue(PolicyPattern.caseSensitive("ch-*").matches(arn, regionFrom, regionTo));
    assertTrue(PolicyPattern.caseSensitive("*-2").matches(arn, regionFrom, regionTo));
    // The characters around the range are not there for the pattern.
    assertFalse(PolicyPattern.caseSensitive("ch-*:*").matches(arn, regionFrom, regionTo));
    assertFalse(PolicyPattern.caseSensitive("*:ch-gva-2").matches(arn, regionFrom, regionTo));
    assertTrue(PolicyPattern.caseSensitive("").matches(arn, 4, 4));
    assertTrue(PolicyPattern.caseSensitive("*").matches(arn, 4, 4));

    Random random = new Random(20260412L);
    for (int round = 0; round < 20_000; round++) {
      String pattern = randomString(random, "ab*?", 10);
      String text = randomString(random, "abcAB", 12);
      String before = randomString(random, "ab", 3);
      String around = before + text + randomString(random, "ab", 3);
      assertEquals(
          reference(pattern, text, false),
          PolicyPattern.caseSensitive(pattern)
              .matches(around, before.length(), before.length() + text.length()),
          () -> pattern + " against " + text + " inside " + around);
      String folded = pattern.replace('a', 'A');
      assertEquals(
          reference(folded, text, true),
          PolicyPattern.ignoringCase(folded)
              .matches(around, before.length(), before.length() + text.length()),
          () -> "ignoring case " + folded + " against " + text + " inside " + around);
    }
  }

  private static String randomString(Random random, String alphabet, int maxLength) {
    StringBuilder s = new StringBuilder();
    int length = random.nextInt(maxLength + 1);
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  /** The textbook memoised matcher: plainly right, and quadratic however the pattern looks. */
  private static boolean reference(String pattern, String text, boolean ignoreCase) {
    Boolean[][] memo = new Boolean[pattern.length() + 1][text.length() + 1];
    return reference(pattern, 0, text, 0, ignoreCase, memo);
  }

  private static boolean reference(
      String p, int i, String t, int j, boolean ignoreCase, Boolean[][] memo) {
    if (memo[i][j] != null) {
      return memo[i][j];
    }
    boolean result;
    if (i == p.length()) {
      result = j == t.length();
    } else if (p.charAt(i) == '*') {
      result =
          reference(p, i + 1, t, j, ignoreCase, memo)
              || (j < t.length() && reference(p, i, t, j + 1, ignoreCase, memo));
    } else {
      result =
          j < t.length()
              && sameChar(p.charAt(i), t.charAt(j), ignoreCase)
              && reference(p, i + 1, t, j + 1, ignoreCase, memo);
    }
    memo[i][j] = result;
    return result;
  }

  private static boolean sameChar(char pattern, char text, boolean ignoreCase) {
    return pattern == '?'
        || pattern == text
        || (ignoreCase && Character.toLowerCase(pattern) == Character.toLowerCase(text));
  }
}
