package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** Response of ScheduleKeyDeletion: when the key will be deleted. */
public record ScheduleKeyDeletionResponse(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("DeletionDate") Instant deletionDate,
    @JsonProperty("KeyState") KeyState keyState,
    @JsonProperty("PendingWindowInDays") Integer pendingWindowInDays)
    implements KmsResponse {}
