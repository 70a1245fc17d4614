package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The KeyLastUsage of GetKeyLastUsage: the operation (Encrypt, Sign, ...), when it ran, and the
 * CloudTrail event and KMS request it was.
 */
public record KeyLastUsageData(
    @JsonProperty("Operation") String operation,
    @JsonProperty("Timestamp") Instant timestamp,
    @JsonProperty("CloudTrailEventId") String cloudTrailEventId,
    @JsonProperty("KmsRequestId") String kmsRequestId) {}
