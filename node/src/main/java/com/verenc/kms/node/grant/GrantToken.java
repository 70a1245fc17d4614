package com.verenc.kms.node.grant;

/** What a grant token names: a grant of a key of an account, in the zone that issued it. */
public record GrantToken(String zone, String accountId, String keyId, String grantId) {}
