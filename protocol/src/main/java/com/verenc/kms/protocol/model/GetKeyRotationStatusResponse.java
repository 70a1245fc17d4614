package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** Response of GetKeyRotationStatus: whether, how often and when next a key rotates. */
public record GetKeyRotationStatusResponse(
    @JsonProperty("KeyRotationEnabled") Boolean keyRotationEnabled,
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("RotationPeriodInDays") Integer rotationPeriodInDays,
    @JsonProperty("NextRotationDate") Instant nextRotationDate,
    @JsonProperty("OnDemandRotationStartDate") Instant onDemandRotationStartDate)
    implements KmsResponse {}
