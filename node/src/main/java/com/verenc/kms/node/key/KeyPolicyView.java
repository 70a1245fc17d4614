package com.verenc.kms.node.key;

import com.verenc.kms.node.auth.KeyPolicy;
import com.verenc.kms.node.auth.PolicyDecision;
import com.verenc.kms.protocol.Arns;
import java.util.List;

/**
 * One key's policy as its entity evaluates it, parsed once per policy document rather than per
 * request, against the key's ARNs in both forms (a policy's Resource may name either).
 */
final class KeyPolicyView {
  private final String keyId;
  private final Arns arns;
  private KeyPolicy parsed;
  private String parsedFrom;

  KeyPolicyView(String keyId, Arns arns) {
    this.keyId = keyId;
    this.arns = arns;
  }

  PolicyDecision decide(KeyRecord key, String accountId, String action) {
    String document = key.settings().policy();
    if (parsed == null || !document.equals(parsedFrom)) {
      parsed = KeyPolicy.forStoredDocument(document, key.accountId());
      parsedFrom = document;
    }
    return parsed.evaluate(accountId, action, resourceArns(key.accountId()));
  }

  /** Whether a policy would stop its own account from ever changing it again. */
  boolean locksOut(String document, String accountId) {
    return KeyPolicy.parse(document, accountId)
            .evaluate(accountId, "kms:PutKeyPolicy", resourceArns(accountId))
        != PolicyDecision.ALLOW;
  }

  private List<String> resourceArns(String accountId) {
    return List.of(Arns.verencKey(accountId, keyId), arns.awsKey(accountId, keyId));
  }
}
