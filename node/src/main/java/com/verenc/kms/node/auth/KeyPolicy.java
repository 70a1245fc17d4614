package com.verenc.kms.node.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A parsed key policy that answers "may this account do this action on this key". Evaluates
 * Effect, Principal (account root in AWS or Verenc ARN form, bare account id, "*"), Action and
 * NotAction (with * and ? wildcards, case-insensitive as in IAM) and Resource; an explicit Deny
 * wins. Statements with a Condition are not evaluated: such an Allow grants nothing and such a
 * Deny always applies, so an unsupported condition can only make the policy stricter.
 */
public final class KeyPolicy {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_SHARED = 256;
  private static final ConcurrentHashMap<String, KeyPolicy> SHARED = new ConcurrentHashMap<>();

  private record Statement(boolean allow, List<String> principals, List<Pattern> actions, boolean notAction,
      List<Pattern> resources, boolean conditional) {}

  private final List<Statement> statements;

  private KeyPolicy(List<Statement> statements) {
    this.statements = statements;
  }

  /**
   * Like {@link #parse}, but a document already parsed is not parsed again: most keys of an
   * account carry the same default policy, and parsing it was a good part of a key's first request
   * after recovery. A policy is immutable, so one parsed copy serves every key.
   */
  public static KeyPolicy parseShared(String document) {
    KeyPolicy parsed = SHARED.get(document);
    if (parsed == null) {
      parsed = parse(document);
      if (SHARED.size() >= MAX_SHARED) {
        SHARED.clear();
      }
      SHARED.put(document, parsed);
    }
    return parsed;
  }

  /**
   * @throws KmsException MalformedPolicyDocumentException naming what is wrong
   */
  public static KeyPolicy parse(String document) {
    JsonNode root;
    try {
      root = JSON.readTree(document);
    } catch (IOException e) {
      throw malformed("the policy is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw malformed("the policy must be a JSON object");
    }
    JsonNode statementNode = root.get("Statement");
    if (statementNode == null || statementNode.isNull() || (statementNode.isArray() && statementNode.isEmpty())) {
      throw malformed("the policy must have a non-empty Statement");
    }
    List<Statement> statements = new ArrayList<>();
    for (JsonNode s : statementNode.isArray() ? statementNode : JSON.createArrayNode().add(statementNode)) {
      if (!s.isObject()) {
        throw malformed("every Statement entry must be an object");
      }
      String effect = s.path("Effect").asText("");
      if (!effect.equals("Allow") && !effect.equals("Deny")) {
        throw malformed("every statement needs \"Effect\": \"Allow\" or \"Deny\"");
      }
      // Elements this evaluator does not implement are refused rather than ignored: ignoring
      // one would make a statement apply more widely than its author wrote.
      for (String unsupported : List.of("NotPrincipal", "NotResource")) {
        if (s.has(unsupported)) {
          throw malformed(unsupported + " is not supported; use Principal and Resource");
        }
      }
      if (s.has("Action") && s.has("NotAction")) {
        throw malformed("a statement has either Action or NotAction, not both");
      }
      boolean notAction = s.has("NotAction");
      JsonNode action = notAction ? s.get("NotAction") : s.get("Action");
      if (action == null) {
        throw malformed("every statement needs an Action or NotAction");
      }
      if (!s.has("Principal")) {
        throw malformed("every statement in a key policy needs a Principal");
      }
      statements.add(new Statement(
          effect.equals("Allow"),
          principals(s.get("Principal")),
          strings(action, "Action").stream().map(a -> wildcard(a, true)).toList(),
          notAction,
          s.has("Resource") ? strings(s.get("Resource"), "Resource").stream().map(r -> wildcard(r, false)).toList()
              : List.of(wildcard("*", false)),
          s.has("Condition")));
    }
    return new KeyPolicy(List.copyOf(statements));
  }

  /**
   * @param resourceArns every ARN that names the key (Verenc and AWS form), any of which a
   *     statement's Resource may match
   */
  public PolicyDecision evaluate(String accountId, String action, List<String> resourceArns) {
    boolean allowed = false;
    for (Statement s : statements) {
      boolean applies = principalMatches(s, accountId) && actionMatches(s, action) && resourceMatches(s, resourceArns);
      if (!applies) {
        continue;
      }
      if (!s.allow()) {
        return PolicyDecision.EXPLICIT_DENY;
      }
      if (!s.conditional()) {
        allowed = true;
      }
    }
    return allowed ? PolicyDecision.ALLOW : PolicyDecision.IMPLICIT_DENY;
  }

  private static boolean principalMatches(Statement s, String accountId) {
    for (String p : s.principals()) {
      if (p.equals("*") || p.equals(accountId) || p.equals("arn:aws:iam::" + accountId + ":root")
          || p.equals("arn:verenc:iam::" + accountId + ":root") || p.equals("arn:verenc:" + accountId + ":root")) {
        return true;
      }
    }
    return false;
  }

  private static boolean actionMatches(Statement s, String action) {
    boolean listed = s.actions().stream().anyMatch(p -> p.matcher(action).matches());
    return s.notAction() != listed;
  }

  private static boolean resourceMatches(Statement s, List<String> resourceArns) {
    return s.resources().stream().anyMatch(p -> resourceArns.stream().anyMatch(arn -> p.matcher(arn).matches()));
  }

  private static List<String> principals(JsonNode principal) {
    if (principal.isTextual()) {
      return List.of(principal.asText());
    }
    if (!principal.isObject()) {
      throw malformed("Principal must be \"*\" or an object such as {\"AWS\": \"arn:aws:iam::111122223333:root\"}");
    }
    List<String> all = new ArrayList<>();
    principal.properties().forEach(e -> {
      if (!e.getKey().equals("AWS")) {
        throw malformed("Principal." + e.getKey() + " is not supported; name accounts with Principal.AWS");
      }
      all.addAll(strings(e.getValue(), "Principal.AWS"));
    });
    return all;
  }

  private static List<String> strings(JsonNode node, String member) {
    List<String> values = new ArrayList<>();
    if (node.isTextual()) {
      values.add(node.asText());
    } else if (node.isArray() && !node.isEmpty()) {
      for (JsonNode n : node) {
        if (!n.isTextual()) {
          throw malformed(member + " entries must be strings");
        }
        values.add(n.asText());
      }
    } else {
      throw malformed(member + " must be a string or a non-empty list of strings");
    }
    return values;
  }

  /** IAM wildcards: * any run, ? one character; action names are case-insensitive, ARNs are not. */
  private static Pattern wildcard(String glob, boolean ignoreCase) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return ignoreCase
        ? Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
        : Pattern.compile(regex.toString());
  }

  private static KmsException malformed(String why) {
    return new KmsException(ErrorCode.MALFORMED_POLICY, "The key policy is malformed: " + why + ".");
  }
}
