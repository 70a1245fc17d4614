package com.verenc.kms.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * The shipped monitoring (ops/monitoring): the Prometheus alert rules parse and have what an
 * on-call engineer needs, and every metric the rules and the Grafana dashboard name is one a
 * running node exports.
 */
class MonitoringRulesTest {
  private static final Path MONITORING = Path.of("monitoring");
  private static final Path RULES = MONITORING.resolve("prometheus/verenc-kms-alerts.yml");
  private static final Path DASHBOARD = MONITORING.resolve("grafana/verenc-kms-dashboard.json");

  /** Series Prometheus makes itself rather than scraping them. */
  private static final Set<String> PROMETHEUS_OWN = Set.of("up");

  private static final Set<String> PROMQL_WORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "le",
          "inf",
          "nan");

  @TempDir Path dir;

  @Test
  void theAlertRulesParseAndEachSaysWhatToDo() throws IOException {
    List<JsonNode> rules = alertRules();
    assertTrue(rules.size() >= 6, "alert rules: " + rules.size());
    Set<String> names = new TreeSet<>();
    for (JsonNode rule : rules) {
      String name = rule.path("alert").asText();
      assertFalse(name.isEmpty(), "every rule is an alert with a name: " + rule);
      assertTrue(names.add(name), "alert names are unique: " + name);
      assertFalse(rule.path("expr").asText().isBlank(), name + " has an expression");
      assertTrue(
          Set.of("page", "ticket").contains(rule.path("labels").path("severity").asText()),
          name + " has severity page or ticket");
      assertFalse(rule.path("annotations").path("summary").asText().isBlank(), name + " summary");
      assertFalse(
          rule.path("annotations").path("description").asText().isBlank(), name + " description");
      assertBalanced(name, rule.path("expr").asText());
    }
    for (String expected :
        List.of(
            "KmsNodeDown",
            "KmsZoneMembersUnreachable",
            "KmsReplicationLagging",
            "KmsServerErrors",
            "KmsLatencyP99High",
            "KmsThrottling",
            "KmsPersistenceBreakerOpen")) {
      assertTrue(names.contains(expected), "the rules cover " + expected + ": " + names);
    }
  }

  @Test
  void everyMetricTheRulesAndTheDashboardNameIsExportedByARunningNode() throws Exception {
    Set<String> named = new TreeSet<>();
    for (JsonNode rule : alertRules()) {
      named.addAll(metricsIn(rule.path("expr").asText()));
    }
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    assertFalse(dashboard.path("panels").isEmpty(), "the dashboard has panels");
    for (JsonNode panel : dashboard.path("panels")) {
      assertFalse(panel.path("targets").isEmpty(), panel.path("title") + " has queries");
      for (JsonNode target : panel.path("targets")) {
        named.addAll(metricsIn(target.path("expr").asText()));
      }
    }
    named.removeAll(PROMETHEUS_OWN);

    Set<String> exported;
    // A CreateKey quota of 1 per second, so that a burst is throttled and the throttling counter
    // exists, as it does on any node that has throttled an account.
    try (CliNode node =
        CliNode.start(dir, Map.of("kms.quotas.create-key-requests-per-second", 1))) {
      exerciseRequests(node);
      exported = exportedMetrics(node.management() + "/metrics");
    }
    Set<String> missing = new TreeSet<>(named);
    missing.removeAll(exported);
    assertEquals(
        Set.of(), missing, "metrics named by ops/monitoring but not exported: " + exported);
  }

  /** Requests that succeed, fail and are throttled, so every request series exists. */
  private static void exerciseRequests(CliNode node) {
    try (KmsClient client =
        KmsClient.builder()
            .endpointOverride(URI.create(node.endpoint))
            .region(Region.of(node.zone))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build()) {
      boolean throttled = false;
      for (int i = 0; i < 10 && !throttled; i++) {
        try {
          client.createKey(r -> r.description("monitoring"));
        } catch (KmsException e) {
          throttled = "ThrottlingException".equals(e.awsErrorDetails().errorCode());
        }
      }
      assertTrue(throttled, "a burst of CreateKey beyond 1/s is throttled");
      assertThrowsKms(() -> client.describeKey(r -> r.keyId("alias/does-not-exist")));
    }
  }

  private static void assertThrowsKms(Runnable call) {
    try {
      call.run();
    } catch (KmsException expected) {
      return;
    }
    throw new AssertionError("expected a KMS error");
  }

  private static List<JsonNode> alertRules() throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
    List<JsonNode> rules = new ArrayList<>();
    assertFalse(root.path("groups").isEmpty(), "the rule file has groups");
    for (JsonNode group : root.path("groups")) {
      assertFalse(group.path("name").asText().isEmpty(), "every group has a name");
      group.path("rules").forEach(rules::add);
    }
    return rules;
  }

  /**
   * The metric names a PromQL expression reads: identifiers outside label matchers, strings and
   * ranges that are neither functions, keywords nor the label lists of by/without/on/ignoring.
   */
  static Set<String> metricsIn(String expr) {
    String bare =
        expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
            .replaceAll("\\{[^}]*}", "")
            .replaceAll("\\[[^\\]]*]", "")
            .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "");
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(bare);
    while (m.find()) {
      String word = m.group();
      int after = m.end();
      while (after < bare.length() && bare.charAt(after) == ' ') {
        after++;
      }
      boolean function = after < bare.length() && bare.charAt(after) == '(';
      if (!function && !PROMQL_WORDS.contains(word.toLowerCase())) {
        names.add(word);
      }
    }
    return names;
  }

  private static void assertBalanced(String name, String expr) {
    int depth = 0;
    for (char c : expr.toCharArray()) {
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      assertTrue(depth >= 0, name + ": unbalanced parentheses");
    }
    assertEquals(0, depth, name + ": unbalanced parentheses");
  }

  private static Set<String> exportedMetrics(String url) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    Set<String> names = new TreeSet<>();
    for (String line : response.body().split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int end = 0;
      while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
        end++;
      }
      names.add(line.substring(0, end));
    }
    return names;
  }

  @Test
  void theMetricNameReaderSkipsFunctionsLabelsAndKeywords() {
    assertEquals(
        Set.of("kms_requests_seconds_bucket"),
        metricsIn(
            "histogram_quantile(0.99, sum by (le) (rate(kms_requests_seconds_bucket{outcome=\"ok\"}[5m])))"));
    assertEquals(
        Set.of("a_total", "b"),
        metricsIn("sum(rate(a_total[1m])) / on (zone) group_left max(b) > 1"));
  }
}
