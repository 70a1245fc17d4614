package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Response of GetKeyLastUsage: the last use of the key, absent if it was not used since tracking
 * started, when tracking started and when the key was created.
 */
public record GetKeyLastUsageResponse(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("KeyLastUsage") KeyLastUsageData keyLastUsage,
    @JsonProperty("TrackingStartDate") Instant trackingStartDate,
    @JsonProperty("KeyCreationDate") Instant keyCreationDate)
    implements KmsResponse {}
