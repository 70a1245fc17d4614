package com.verenc.kms.node.auth;

import com.verenc.kms.node.auth.condition.ConditionBlock;
import com.verenc.kms.node.auth.condition.ConditionContext;
import com.verenc.kms.node.auth.document.PolicyPattern;
import com.verenc.kms.protocol.KmsException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A parsed key policy that answers "may this principal do this action on this key". Evaluates
 * Effect, Principal (account root in AWS or Verenc ARN form, bare account id, a user or role ARN,
 * "*"), Action and NotAction (with * and ? wildcards, case-insensitive as in IAM), Resource and
 * Condition; an explicit Deny wins.
 */
public final class KeyPolicy {
  private static final Logger log = LoggerFactory.getLogger(KeyPolicy.class);
  private static final int MAX_SHARED = 256;
  private static final int MAX_WARNED = 4096;
  private static final ConcurrentHashMap<StoredDocument, KeyPolicy> SHARED =
      new ConcurrentHashMap<>();
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  /**
   * What the owner may still do on a key whose stored policy no longer parses: see it and replace
   * it.
   */
  static final List<String> REPAIR_ACTIONS =
      List.of("kms:GetKeyPolicy", "kms:PutKeyPolicy", "kms:DescribeKey");

  private static final ConditionContext NO_VALUES = key -> List.of();

  private record StoredDocument(String accountId, String document) {}

  private final List<PolicyStatement> statements;

  private KeyPolicy(List<PolicyStatement> statements) {
    this.statements = statements;
  }

  /**
   * Parses a policy a caller sends for a key of {@code accountId}, strictly: see {@link
   * KeyPolicyParser}. Principals of other accounts are allowed: they may use the key across
   * accounts.
   *
   * @throws com.verenc.kms.protocol.KmsException MalformedPolicyDocumentException naming what is
   *     wrong
   */
  public static KeyPolicy parse(String document, String accountId) {
    return new KeyPolicy(KeyPolicyParser.forInput(document, accountId));
  }

  /**
   * The policy stored on a key of {@code accountId}, for evaluation; never throws. A stored
   * document that the parser refuses fails closed, allowing the owning account only {@link
   * #REPAIR_ACTIONS} (so it can read and replace the document), and the node logs a warning once.
   *
   * <p>A document already parsed is not parsed again: most keys of an account carry the same
   * default policy, and parsing it was a good part of a key's first request after recovery. A
   * policy is immutable, so one parsed copy serves every key.
   */
  public static KeyPolicy forStoredDocument(String document, String accountId) {
    StoredDocument stored = new StoredDocument(accountId, document);
    KeyPolicy parsed = SHARED.get(stored);
    if (parsed == null) {
      parsed = readStored(document, accountId);
      if (SHARED.size() >= MAX_SHARED) {
        SHARED.clear();
      }
      SHARED.put(stored, parsed);
    }
    return parsed;
  }

  /**
   * What the policy says about the root of {@code accountId} doing {@code action} in a request with
   * no condition values (conditions that need one do not hold).
   *
   * @param resourceArns every ARN that names the key (Verenc and AWS form), any of which a
   *     statement's Resource may match
   */
  public PolicyDecision evaluate(String accountId, String action, List<String> resourceArns) {
    return switch (evaluate(Principal.root(accountId), action, resourceArns, NO_VALUES)) {
      case EXPLICIT_DENY -> PolicyDecision.EXPLICIT_DENY;
      case ALLOWS_PRINCIPAL, ALLOWS_ACCOUNT -> PolicyDecision.ALLOW;
      case NO_ALLOW -> PolicyDecision.IMPLICIT_DENY;
    };
  }

  /**
   * What the policy says about {@code principal} doing {@code action} in the request {@code
   * context} describes: an explicit Deny wins; an Allow naming the principal (or "*") allows it; an
   * Allow naming only its account leaves the decision to the principal's identity policies.
   */
  public PolicyOutcome evaluate(
      Principal principal, String action, List<String> resourceArns, ConditionContext context) {
    return PolicyStatements.evaluate(statements, principal, action, resourceArns, context);
  }

  /** Whether any statement has a Condition, so that a decision may depend on the request. */
  public boolean hasConditions() {
    return PolicyStatements.hasConditions(statements);
  }

  private static KeyPolicy readStored(String document, String accountId) {
    try {
      return new KeyPolicy(KeyPolicyParser.forStored(document, accountId));
    } catch (RuntimeException e) {
      // A refusal names places and members, never values; the document stays out of the log.
      String reason =
          e instanceof KmsException ? e.getMessage() : "unexpected " + e.getClass().getSimpleName();
      String fingerprint = fingerprint(document == null ? "" : document);
      if (WARNED.size() >= MAX_WARNED) {
        WARNED.clear();
      }
      if (WARNED.add(fingerprint)) {
        log.warn(
            "A key policy stored for account {} (document sha256:{}) does not pass the key policy rules; "
                + "its keys allow that account only {} until the policy is replaced. Reason: {}",
            accountId,
            fingerprint,
            REPAIR_ACTIONS,
            reason);
      }
      return repairOnly(accountId);
    }
  }

  private static KeyPolicy repairOnly(String accountId) {
    return new KeyPolicy(
        List.of(
            new PolicyStatement(
                true,
                List.of(PrincipalPattern.of(accountId)),
                REPAIR_ACTIONS.stream().map(PolicyPattern::ignoringCase).toList(),
                false,
                List.of(PolicyPattern.caseSensitive("*")),
                ConditionBlock.none())));
  }

  private static String fingerprint(String document) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(document.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
