package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Response of ListGrants and ListRetirableGrants: one page; NextMarker fetches the next when
 * Truncated.
 */
public record ListGrantsResponse(
    @JsonProperty("Grants") List<GrantListEntry> grants,
    @JsonProperty("NextMarker") String nextMarker,
    @JsonProperty("Truncated") Boolean truncated)
    implements KmsResponse {}
