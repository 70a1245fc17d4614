package com.verenc.kms.node.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.verenc.kms.node.auth.condition.ConditionBlock;
import com.verenc.kms.node.auth.condition.MalformedCondition;
import com.verenc.kms.node.auth.document.PolicyJson;
import com.verenc.kms.node.auth.document.PolicyPattern;
import com.verenc.kms.protocol.KmsException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks a key policy document member by member and reduces it to the statements evaluation needs.
 * Whatever the evaluator would not read exactly as its author meant is refused: unknown members,
 * values of the wrong type, elements it does not implement.
 */
final class KeyPolicyParser {
  private static final Set<String> POLICY_MEMBERS = Set.of("Version", "Id", "Statement");
  private static final Set<String> STATEMENT_MEMBERS =
      Set.of(
          "Sid",
          "Effect",
          "Principal",
          "NotPrincipal",
          "Action",
          "NotAction",
          "Resource",
          "NotResource",
          "Condition");
  private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");
  private static final List<PolicyPattern> ANY_RESOURCE = List.of(PolicyPattern.caseSensitive("*"));

  private final String accountId;

  /** A document a caller sends now, rather than one stored under earlier rules. */
  private final boolean input;

  /** An identity policy: statements without Principal, speaking of the principal they belong to. */
  private final boolean identity;

  private KeyPolicyParser(String accountId, boolean input, boolean identity) {
    this.accountId = accountId;
    this.input = input;
    this.identity = identity;
  }

  /**
   * A document a caller sends: besides the structure, every statement needs a Resource (as AWS
   * requires in key policies), Sids are unique, and every principal names an account (its own or
   * another, which may then use the key across accounts).
   */
  static List<PolicyStatement> forInput(String document, String accountId) {
    return new KeyPolicyParser(accountId, true, false).statements(PolicyJson.read(document));
  }

  /**
   * A document already stored, which those rules may not have applied to: a statement without
   * Resource applies to the key.
   */
  static List<PolicyStatement> forStored(String document, String accountId) {
    return new KeyPolicyParser(accountId, false, false).statements(PolicyJson.read(document));
  }

  /**
   * An identity policy of a principal of {@code accountId}, from the credentials file: the rules of
   * a key policy a caller sends, except that statements have no Principal.
   */
  static List<PolicyStatement> forIdentity(JsonNode document, String accountId) {
    return new KeyPolicyParser(accountId, true, true).statements(document);
  }

  static KmsException malformed(String why) {
    return PolicyJson.malformed(why);
  }

  /**
   * The account a principal names, or null: a bare account id, or an ARN with the account in the
   * fifth field ({@code arn:aws:iam::111122223333:root}, {@code :user/...}, {@code :role/...},
   * {@code arn:verenc:iam::111122223333:root}) or the third ({@code arn:verenc:111122223333:root}).
   */
  static String accountNamedBy(String principal) {
    if (isAccountId(principal)) {
      return principal;
    }
    if (!principal.startsWith("arn:")) {
      return null;
    }
    List<String> fields = new ArrayList<>(5);
    int from = 0;
    while (fields.size() < 5) {
      int colon = principal.indexOf(':', from);
      if (colon < 0) {
        break;
      }
      fields.add(principal.substring(from, colon));
      from = colon + 1;
    }
    if (fields.size() == 5 && isAccountId(fields.get(4))) {
      return fields.get(4);
    }
    return fields.size() >= 3 && isAccountId(fields.get(2)) ? fields.get(2) : null;
  }

  private List<PolicyStatement> statements(JsonNode root) {
    if (!root.isObject()) {
      throw malformed("the policy must be a JSON object");
    }
    onlyMembers(root, "", POLICY_MEMBERS, "a key policy", "Version, Id and Statement");
    JsonNode version = root.get("Version");
    if (version != null && !(version.isTextual() && VERSIONS.contains(version.textValue()))) {
      throw malformed("Version must be \"2012-10-17\" or \"2008-10-17\", or be left out");
    }
    JsonNode id = root.get("Id");
    if (id != null && !id.isTextual()) {
      throw malformed("Id must be a string");
    }
    JsonNode statement = root.get("Statement");
    if (statement == null || (statement.isArray() && statement.isEmpty())) {
      throw malformed("the policy must have a non-empty Statement");
    }
    if (statement.isObject()) {
      return List.of(statement(statement, "Statement"));
    }
    if (!statement.isArray()) {
      throw malformed("Statement must be an object or a non-empty list of objects");
    }
    List<PolicyStatement> all = new ArrayList<>(statement.size());
    Set<String> sids = new java.util.HashSet<>();
    for (int i = 0; i < statement.size(); i++) {
      String path = PolicyJson.element("Statement", i);
      if (!statement.get(i).isObject()) {
        throw malformed(path + " must be an object");
      }
      all.add(statement(statement.get(i), path));
      JsonNode sid = statement.get(i).get("Sid");
      if (input && sid != null && !sids.add(sid.textValue())) {
        throw malformed(
            path
                + ".Sid \""
                + PolicyJson.quotable(sid.textValue())
                + "\" is the Sid of an earlier "
                + "statement; statement ids must be unique");
      }
    }
    return List.copyOf(all);
  }

  private PolicyStatement statement(JsonNode s, String path) {
    onlyMembers(
        s,
        path,
        STATEMENT_MEMBERS,
        "a policy statement",
        "Sid, Effect, Principal, Action or NotAction, Resource and Condition");
    // Elements this evaluator does not implement are refused rather than ignored: ignoring
    // one would make a statement apply more widely than its author wrote.
    for (String unsupported : List.of("NotPrincipal", "NotResource")) {
      if (s.has(unsupported)) {
        throw malformed(unsupported + " is not supported; use Principal and Resource");
      }
    }
    JsonNode sid = s.get("Sid");
    if (sid != null && !sid.isTextual()) {
      throw malformed(path + ".Sid must be a string");
    }
    JsonNode effect = s.get("Effect");
    if (effect == null) {
      throw malformed(path + " needs \"Effect\": \"Allow\" or \"Deny\"");
    }
    if (!effect.isTextual()
        || !(effect.textValue().equals("Allow") || effect.textValue().equals("Deny"))) {
      throw malformed(path + ".Effect must be \"Allow\" or \"Deny\"");
    }
    JsonNode principal = s.get("Principal");
    if (identity && principal != null) {
      throw malformed(
          path
              + " has a Principal, which an identity policy does not have: it applies to the "
              + "principal it is attached to");
    }
    if (!identity && principal == null) {
      throw malformed(
          path + " needs a Principal: every statement of a key policy names whom it applies to");
    }
    if (s.has("Action") && s.has("NotAction")) {
      throw malformed(path + " has both Action and NotAction; give only one");
    }
    boolean notAction = s.has("NotAction");
    String actionMember = notAction ? "NotAction" : "Action";
    if (!s.has(actionMember)) {
      throw malformed(path + " needs an Action or NotAction");
    }
    JsonNode condition = s.get("Condition");
    if (condition != null && !condition.isObject()) {
      throw malformed(path + ".Condition must be an object");
    }
    List<PrincipalPattern> principals =
        identity ? null : principals(principal, path + ".Principal");
    List<PolicyPattern> actions =
        patterns(s.get(actionMember), path + "." + actionMember, PolicyPattern::ignoringCase);
    if (input && !s.has("Resource")) {
      throw malformed(
          path
              + (identity
                  ? " needs a Resource: key ARNs, alias ARNs or \"*\""
                  : " needs a Resource; in a key policy it is \"*\", the key itself"));
    }
    return new PolicyStatement(
        effect.textValue().equals("Allow"),
        principals,
        actions,
        notAction,
        s.has("Resource")
            ? patterns(s.get("Resource"), path + ".Resource", PolicyPattern::caseSensitive)
            : ANY_RESOURCE,
        condition == null ? ConditionBlock.none() : condition(condition, path + ".Condition"));
  }

  private static ConditionBlock condition(JsonNode condition, String path) {
    try {
      return ConditionBlock.parse(condition, path);
    } catch (MalformedCondition e) {
      throw malformed(e.getMessage());
    }
  }

  private List<PrincipalPattern> principals(JsonNode principal, String path) {
    if (principal.isTextual() && principal.textValue().equals("*")) {
      return List.of(PrincipalPattern.of("*"));
    }
    String example = "{\"AWS\": \"arn:aws:iam::" + accountId + ":root\"}";
    if (!principal.isObject()) {
      throw malformed(path + " must be \"*\" or an object such as " + example);
    }
    for (Iterator<String> names = principal.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("AWS")) {
        throw malformed(
            PolicyJson.member(path, name)
                + " is not supported; name accounts with "
                + path
                + ".AWS");
      }
    }
    if (!principal.has("AWS")) {
      throw malformed(path + " must name accounts with AWS, such as " + example);
    }
    List<PrincipalPattern> kept = new ArrayList<>();
    List<String> named = strings(principal.get("AWS"), path + ".AWS");
    for (int i = 0; i < named.size(); i++) {
      String p = named.get(i);
      // A principal that names no account could never match anyone: refused, as AWS refuses an
      // invalid principal, rather than stored as a statement that silently does nothing.
      if (input && !p.equals("*") && accountNamedBy(p) == null) {
        throw malformed(
            (named.size() == 1 ? path + ".AWS" : PolicyJson.element(path + ".AWS", i))
                + " \""
                + PolicyJson.quotable(p)
                + "\" is not a principal; name \"*\", an account id, or an ARN such as "
                + "arn:aws:iam::111122223333:root, :user/NAME or :role/NAME");
      }
      kept.add(PrincipalPattern.of(p));
    }
    return List.copyOf(kept);
  }

  private static List<PolicyPattern> patterns(
      JsonNode node, String path, Function<String, PolicyPattern> compile) {
    return strings(node, path).stream().map(compile).toList();
  }

  private static List<String> strings(JsonNode node, String path) {
    if (node.isTextual()) {
      return List.of(node.textValue());
    }
    if (!node.isArray() || node.isEmpty()) {
      throw malformed(path + " must be a string or a non-empty list of strings");
    }
    List<String> values = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      if (!node.get(i).isTextual()) {
        throw malformed(PolicyJson.element(path, i) + " must be a string");
      }
      values.add(node.get(i).textValue());
    }
    return values;
  }

  private static void onlyMembers(
      JsonNode node, String path, Set<String> allowed, String what, String use) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw malformed(
            PolicyJson.describe(path)
                + " has the member \""
                + PolicyJson.quotable(name)
                + "\", which "
                + what
                + " does not have; use "
                + use);
      }
    }
  }

  private static boolean isAccountId(String s) {
    if (s.length() != 12) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
