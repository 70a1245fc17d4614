package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Response of ListResourceTags: one page; NextMarker fetches the next when Truncated. */
public record ListResourceTagsResponse(
    @JsonProperty("Tags") List<Tag> tags,
    @JsonProperty("NextMarker") String nextMarker,
    @JsonProperty("Truncated") Boolean truncated)
    implements KmsResponse {}
