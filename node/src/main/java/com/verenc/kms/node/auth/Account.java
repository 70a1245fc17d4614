package com.verenc.kms.node.auth;

import com.verenc.kms.node.quota.Quotas;
import java.util.Map;
import java.util.Optional;

/**
 * An account, its access keys (access key id to secret access key) and, when the credentials file
 * gives it its own, its quotas (otherwise the installation's defaults apply).
 */
public record Account(String accountId, Map<String, String> accessKeys, Optional<Quotas> quotas) {

  /** An account on the installation's default quotas. */
  public Account(String accountId, Map<String, String> accessKeys) {
    this(accountId, accessKeys, Optional.empty());
  }
}
