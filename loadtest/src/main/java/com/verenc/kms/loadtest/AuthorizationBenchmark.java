package com.verenc.kms.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.node.auth.AccessDecision;
import com.verenc.kms.node.auth.Authorizer;
import com.verenc.kms.node.auth.GrantAllowance;
import com.verenc.kms.node.auth.IdentityPolicy;
import com.verenc.kms.node.auth.KeyPolicy;
import com.verenc.kms.node.auth.Principal;
import com.verenc.kms.node.auth.condition.ConditionContext;
import com.verenc.kms.node.auth.condition.ConditionKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one access decision as a key entity takes it for a user: a 10-statement key policy
 * whose statements all carry conditions (string, wildcard, numeric, date, IP, ARN, Bool, Null, set
 * operators) together with the user's identity policy, for a request that every statement has to be
 * looked at for. The bound is 20 us per decision.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuthorizationBenchmark {
  private static final String ACCOUNT = KeyPolicyEvaluationBenchmark.ACCOUNT;
  private static final List<String> KEY = KeyPolicyEvaluationBenchmark.KEY;
  private static final String ROOT = KeyPolicyEvaluationBenchmark.ROOT;

  private KeyPolicy keyPolicy;
  private IdentityPolicy identity;
  private Principal alice;
  private ConditionContext request;

  @Setup
  public void setUp() throws Exception {
    List<String> conditions =
        List.of(
            "{\"StringEquals\":{\"kms:EncryptionContext:tenant\":[\"red\",\"green\"]}}",
            "{\"StringLike\":{\"kms:EncryptionContext:path\":\"/data/*/archive/*\"}}",
            "{\"NumericGreaterThan\":{\"kms:RotationPeriodInDays\":\"400\"}}",
            "{\"DateLessThan\":{\"aws:CurrentTime\":\"2001-01-01T00:00:00Z\"}}",
            "{\"IpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"192.168.0.0/16\"]}}",
            "{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:role/admin-*\"}}",
            "{\"Bool\":{\"aws:SecureTransport\":\"false\"}}",
            "{\"Null\":{\"kms:EncryptionContextKeys\":\"true\"}}",
            "{\"ForAnyValue:StringEquals\":{\"kms:EncryptionContextKeys\":[\"legacy\",\"old\"]}}");
    List<String> statements = new ArrayList<>();
    statements.add(
        "{\"Effect\":\"Allow\",\"Principal\":"
            + ROOT
            + ",\"Action\":\"kms:*\",\"Resource\":\"*\","
            + "\"Condition\":{\"StringEquals\":{\"aws:PrincipalAccount\":\""
            + ACCOUNT
            + "\"}}}");
    for (String condition : conditions) {
      // None of these applies to the request below, so evaluation looks at every one.
      statements.add(
          "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":[\"kms:Encrypt\",\"kms:Decrypt\"],"
              + "\"Resource\":\"*\",\"Condition\":"
              + condition
              + "}");
    }
    keyPolicy =
        KeyPolicy.parse(
            "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}",
            ACCOUNT);
    JsonNode identityDocument =
        new ObjectMapper()
            .readTree(
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"kms:Encrypt\",\"kms:Decrypt\"],"
                    + "\"Resource\":\"arn:aws:kms:*:"
                    + ACCOUNT
                    + ":key/*\",\"Condition\":{\"StringEquals\":"
                    + "{\"kms:EncryptionContext:tenant\":\"blue\"},\"Bool\":{\"aws:SecureTransport\":\"true\"}}}]}");
    identity = IdentityPolicy.parse(List.of(identityDocument), ACCOUNT);
    alice = new Principal(ACCOUNT, Principal.Kind.USER, "alice");
    Map<String, List<String>> values = new HashMap<>();
    values.put("aws:principalarn", List.of(alice.arn()));
    values.put("aws:principalaccount", List.of(ACCOUNT));
    values.put("aws:sourceip", List.of("172.16.4.20"));
    values.put("aws:securetransport", List.of("true"));
    values.put("aws:currenttime", List.of("2026-12-02T18:00:00Z"));
    values.put("kms:encryptioncontextkeys", List.of("tenant", "path"));
    Map<String, String> context = Map.of("tenant", "blue", "path", "/data/2026/current/x");
    request =
        key ->
            key.name().equals("kms:encryptioncontext:")
                ? optional(context.get(key.variable()))
                : values.getOrDefault(key.name(), List.of());
    if (!evaluate().allowed()) {
      throw new IllegalStateException("the benchmark's request must be allowed");
    }
  }

  private static List<String> optional(String value) {
    return value == null ? List.of() : List.of(value);
  }

  @Benchmark
  public AccessDecision evaluate() {
    return Authorizer.forKey(
        keyPolicy, alice, identity, "kms:Encrypt", KEY, request, GrantAllowance.NONE);
  }

  /** The same condition key looked up as the policy names it, for the cost of the name alone. */
  @Benchmark
  public ConditionKey parseKey() {
    return ConditionKey.parse("kms:EncryptionContext:tenant");
  }
}
