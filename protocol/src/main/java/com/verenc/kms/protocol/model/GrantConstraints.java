package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The encryption context a grant requires of the requests it allows: every pair of {@code
 * encryptionContextSubset} present in the request's context, or the request's context exactly
 * {@code encryptionContextEquals}.
 */
public record GrantConstraints(
    @JsonProperty("EncryptionContextSubset") Map<String, String> encryptionContextSubset,
    @JsonProperty("EncryptionContextEquals") Map<String, String> encryptionContextEquals) {}
