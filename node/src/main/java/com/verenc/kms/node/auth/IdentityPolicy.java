package com.verenc.kms.node.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.verenc.kms.node.auth.condition.ConditionContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The identity policies of one user or role, as the credentials file attaches them, compiled into
 * one list of statements (IAM evaluates a principal's policies together).
 */
public final class IdentityPolicy {
  /** A principal with no policies: allowed nothing by identity. */
  public static final IdentityPolicy NONE = new IdentityPolicy(List.of());

  private final List<PolicyStatement> statements;

  private IdentityPolicy(List<PolicyStatement> statements) {
    this.statements = statements;
  }

  /**
   * Compiles the policy documents of a principal of {@code accountId}: the rules of a key policy,
   * except that statements have no Principal.
   *
   * @throws com.verenc.kms.protocol.KmsException MalformedPolicyDocumentException naming the
   *     document and the problem
   */
  public static IdentityPolicy parse(List<JsonNode> documents, String accountId) {
    List<PolicyStatement> all = new ArrayList<>();
    for (JsonNode document : documents) {
      all.addAll(KeyPolicyParser.forIdentity(document, accountId));
    }
    return new IdentityPolicy(List.copyOf(all));
  }

  /** What the policies say about their principal doing {@code action} on one of these resources. */
  public PolicyOutcome evaluate(
      Principal principal, String action, List<String> resourceArns, ConditionContext context) {
    return PolicyStatements.evaluate(statements, principal, action, resourceArns, context);
  }

  public int statementCount() {
    return statements.size();
  }
}
