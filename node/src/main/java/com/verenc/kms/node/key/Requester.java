package com.verenc.kms.node.key;

import com.verenc.kms.node.CborSerializable;
import com.verenc.kms.node.auth.Principal;
import java.util.List;

/**
 * Who asks a key, and the facts of the request that only the API knows, for the key's policy and
 * the principal's identity policies to be evaluated (conditions included) where the key is.
 *
 * @param sourceIp the client's address; null when unknown
 * @param secureTransport whether the request arrived over TLS
 * @param requestedAlias the alias name the request named the key by (kms:RequestAlias); null when
 *     it named the key itself
 * @param resourceAliases the key's aliases in this zone (kms:ResourceAliases), as {@code
 *     alias/NAME}; null until a policy that reads them has made the key ask for them, so requests
 *     whose policies do not read them never look them up
 */
public record Requester(
    Principal principal,
    String sourceIp,
    boolean secureTransport,
    String requestedAlias,
    List<String> resourceAliases)
    implements CborSerializable {

  public Requester {
    resourceAliases = resourceAliases == null ? null : List.copyOf(resourceAliases);
  }

  public Requester(
      Principal principal, String sourceIp, boolean secureTransport, String requestedAlias) {
    this(principal, sourceIp, secureTransport, requestedAlias, null);
  }

  /** An account's root, as every command without a requester is taken to come from. */
  static Requester root(String accountId) {
    return new Requester(Principal.root(accountId), null, false, null);
  }

  /** The same requester, with the key's aliases for the policies that read them. */
  public Requester withResourceAliases(List<String> aliases) {
    return new Requester(principal, sourceIp, secureTransport, requestedAlias, aliases);
  }
}
