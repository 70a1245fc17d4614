package com.verenc.kms.node.auth;

import java.util.Map;

/**
 * A user or role of an account, as the credentials file names it: its access keys (access key id to
 * secret access key) and its identity policies.
 */
public record IamPrincipal(
    Principal principal, Map<String, String> accessKeys, IdentityPolicy policy) {}
