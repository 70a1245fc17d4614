package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** One completed rotation in a ListKeyRotations page. */
public record RotationsListEntry(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("RotationDate") Instant rotationDate,
    @JsonProperty("RotationType") String rotationType) {}
