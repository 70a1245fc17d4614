package com.verenc.kms.node.key;

/**
 * Thrown while a policy is evaluated when a condition reads kms:ResourceAliases and the request
 * does not carry the key's aliases: the key then asks the requester to look them up and ask again.
 * Without a stack trace, as it is control flow, not an error.
 */
final class ResourceAliasesUnknown extends RuntimeException {
  static final ResourceAliasesUnknown INSTANCE = new ResourceAliasesUnknown();

  private ResourceAliasesUnknown() {
    super("kms:ResourceAliases not carried by the request", null, false, false);
  }
}
