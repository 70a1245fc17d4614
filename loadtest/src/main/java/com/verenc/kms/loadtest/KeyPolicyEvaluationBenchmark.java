package com.verenc.kms.loadtest;

import com.verenc.kms.node.auth.KeyPolicies;
import com.verenc.kms.node.auth.KeyPolicy;
import com.verenc.kms.node.auth.PolicyDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one key policy evaluation (and of parsing the policy, which PutKeyPolicy pays per
 * request) for the most hostile policies a tenant can store within the 32 KB policy limit, with the
 * default policy as the baseline. Every hostile policy is built so that evaluation must look at
 * every pattern: no statement grants, and every wildcard fails as late as it can. The request model
 * lets a policy reach 131,072 characters: {@code -p limit=131072} measures that.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KeyPolicyEvaluationBenchmark {
  static final String ACCOUNT = "111122223333";
  static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
  static final List<String> KEY =
      List.of(
          "arn:verenc:" + ACCOUNT + ":key/" + KEY_ID,
          "arn:aws:kms:ch-gva-2:" + ACCOUNT + ":key/" + KEY_ID);
  static final String ROOT = "{\"AWS\":\"arn:aws:iam::" + ACCOUNT + ":root\"}";

  @Param({
    "default",
    "starsInResource",
    "starsInAction",
    "alternatingStars",
    "manyStatements",
    "questionMarks",
    "questionMarkRuns"
  })
  public String policy;

  @Param({"32768"})
  public int limit;

  private String document;
  private KeyPolicy parsed;

  @Setup
  public void setUp() {
    document =
        switch (policy) {
          case "default" -> KeyPolicies.defaultFor(ACCOUNT);
          case "starsInResource" ->
              statements(List.of(deny("\"kms:*\"", quoted("*".repeat(limit - 200) + "!"))));
          case "starsInAction" ->
              statements(List.of(deny(quoted("kms:" + "*".repeat(limit - 200) + "!"), "\"*\"")));
          case "alternatingStars" ->
              onePatternList("*a*r*n*:*1*1*1*1*2*2*2*2*3*3*3*3*k*e*y*/*1*2*3*4*a*b*c*d*!");
          case "manyStatements" -> manyStatements();
          case "questionMarks" -> onePatternList("*?!");
          case "questionMarkRuns" ->
              onePatternList("*" + "?".repeat(30) + "1?3" + "?".repeat(20) + "!");
          default -> throw new IllegalArgumentException(policy);
        };
    if (document.length() > limit) {
      throw new IllegalStateException(
          policy + " is " + document.length() + " characters, over the limit");
    }
    parsed = KeyPolicy.parse(document, ACCOUNT);
    PolicyDecision expected =
        policy.equals("default") ? PolicyDecision.ALLOW : PolicyDecision.IMPLICIT_DENY;
    if (parsed.evaluate(ACCOUNT, "kms:Encrypt", KEY) != expected) {
      throw new IllegalStateException(policy + " does not evaluate to " + expected);
    }
  }

  @Benchmark
  public PolicyDecision evaluate() {
    return parsed.evaluate(ACCOUNT, "kms:Encrypt", KEY);
  }

  @Benchmark
  public KeyPolicy parse() {
    return KeyPolicy.parse(document, ACCOUNT);
  }

  /**
   * One Deny statement whose Resource lists the pattern (varied, so no two are the same) as often
   * as fits.
   */
  private String onePatternList(String pattern) {
    List<String> resources = new ArrayList<>();
    int length = 200;
    for (int i = 0; length + pattern.length() + 12 < limit; i++) {
      String varied = pattern + Integer.toString(i, 36);
      resources.add(quoted(varied));
      length += varied.length() + 3;
    }
    return statements(List.of(deny("\"kms:*\"", "[" + String.join(",", resources) + "]")));
  }

  /**
   * As many statements as fit, each with Action and Resource lists of short patterns that fail
   * late.
   */
  private String manyStatements() {
    List<String> statements = new ArrayList<>();
    int length = 100;
    for (int i = 0; ; i++) {
      String s =
          deny(
              "[\"kms:*!" + i + "\",\"*t!" + i + "\",\"kms:*\"]",
              "[\"*:key/*!" + i + "\",\"*1*2*3*!" + i + "\",\"arn:*!" + i + "\",\"*?" + i + "!\"]");
      if (length + s.length() + 1 >= limit) {
        break;
      }
      statements.add(s);
      length += s.length() + 1;
    }
    return statements(statements);
  }

  private static String deny(String action, String resource) {
    return "{\"Effect\":\"Deny\",\"Principal\":"
        + ROOT
        + ",\"Action\":"
        + action
        + ",\"Resource\":"
        + resource
        + "}";
  }

  private static String statements(List<String> statements) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
  }

  private static String quoted(String s) {
    return "\"" + s + "\"";
  }
}
