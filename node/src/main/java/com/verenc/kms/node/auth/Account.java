package com.verenc.kms.node.auth;

import java.util.Map;

/** An account and its access keys (access key id to secret access key). */
public record Account(String accountId, Map<String, String> accessKeys) {}
