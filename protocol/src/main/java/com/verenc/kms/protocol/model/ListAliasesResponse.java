package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Response of ListAliases: one page; NextMarker fetches the next when Truncated. */
public record ListAliasesResponse(
    @JsonProperty("Aliases") List<AliasListEntry> aliases,
    @JsonProperty("NextMarker") String nextMarker,
    @JsonProperty("Truncated") Boolean truncated)
    implements KmsResponse {}
