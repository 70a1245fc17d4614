package com.verenc.kms.node.auth;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every principal the credentials file names, by access key and by ARN: one immutable snapshot,
 * replaced as a whole when the file is read again.
 */
public final class Identities {
  /** An access key's secret and the principal it belongs to. */
  record AccessKey(Principal principal, String secret) {}

  private final Map<String, AccessKey> accessKeys = new HashMap<>();
  private final Map<String, IdentityPolicy> policies = new HashMap<>();
  private final List<Account> accounts;

  private Identities(List<Account> accounts) {
    this.accounts = List.copyOf(accounts);
    for (Account account : accounts) {
      Principal root = Principal.root(account.accountId());
      account.accessKeys().forEach((id, secret) -> accessKeys.put(id, new AccessKey(root, secret)));
      for (IamPrincipal p : account.principals()) {
        p.accessKeys()
            .forEach((id, secret) -> accessKeys.put(id, new AccessKey(p.principal(), secret)));
        policies.put(p.principal().arn(), p.policy());
      }
    }
  }

  public static Identities of(List<Account> accounts) {
    return new Identities(accounts);
  }

  public List<Account> accounts() {
    return accounts;
  }

  AccessKey accessKey(String accessKeyId) {
    return accessKeys.get(accessKeyId);
  }

  /**
   * The identity policies of a user or role; none for a principal this snapshot does not know (one
   * removed from the file since its request was signed is allowed nothing by identity).
   */
  public IdentityPolicy policyOf(Principal principal) {
    return policies.getOrDefault(principal.arn(), IdentityPolicy.NONE);
  }
}
