package com.verenc.kms.node.auth;

/** Who a request comes from: the account its access key belongs to. */
public record Caller(String accountId, String accessKeyId) {}
