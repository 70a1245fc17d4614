package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Response of ListKeys: one page; NextMarker fetches the next when Truncated. */
public record ListKeysResponse(
    @JsonProperty("Keys") List<KeyListEntry> keys,
    @JsonProperty("NextMarker") String nextMarker,
    @JsonProperty("Truncated") Boolean truncated)
    implements KmsResponse {}
