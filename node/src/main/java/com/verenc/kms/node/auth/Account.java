package com.verenc.kms.node.auth;

import com.verenc.kms.node.quota.Quotas;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An account, its root access keys (access key id to secret access key), its users and roles, and,
 * when the credentials file gives it its own, its quotas (otherwise the installation's defaults
 * apply).
 */
public record Account(
    String accountId,
    Map<String, String> accessKeys,
    Optional<Quotas> quotas,
    List<IamPrincipal> principals) {

  /** An account without users or roles. */
  public Account(String accountId, Map<String, String> accessKeys, Optional<Quotas> quotas) {
    this(accountId, accessKeys, quotas, List.of());
  }

  /** An account on the installation's default quotas, without users or roles. */
  public Account(String accountId, Map<String, String> accessKeys) {
    this(accountId, accessKeys, Optional.empty());
  }
}
