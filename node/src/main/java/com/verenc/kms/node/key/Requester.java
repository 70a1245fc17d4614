package com.verenc.kms.node.key;

import com.verenc.kms.node.CborSerializable;
import com.verenc.kms.node.auth.Principal;

/**
 * Who asks a key, and the facts of the request that only the API knows, for the key's policy and
 * the principal's identity policies to be evaluated (conditions included) where the key is.
 *
 * @param sourceIp the client's address; null when unknown
 * @param secureTransport whether the request arrived over TLS
 * @param requestedAlias the alias name the request named the key by (kms:RequestAlias); null when
 *     it named the key itself
 */
public record Requester(
    Principal principal, String sourceIp, boolean secureTransport, String requestedAlias)
    implements CborSerializable {

  /** An account's root, as every command without a requester is taken to come from. */
  static Requester root(String accountId) {
    return new Requester(Principal.root(accountId), null, false, null);
  }
}
