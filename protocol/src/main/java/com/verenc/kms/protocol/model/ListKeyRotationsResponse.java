package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Response of ListKeyRotations: one page; NextMarker fetches the next when Truncated. */
public record ListKeyRotationsResponse(
    @JsonProperty("Rotations") List<RotationsListEntry> rotations,
    @JsonProperty("NextMarker") String nextMarker,
    @JsonProperty("Truncated") Boolean truncated)
    implements KmsResponse {}
