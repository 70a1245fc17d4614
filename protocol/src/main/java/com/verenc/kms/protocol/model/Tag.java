package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A tag on a key: a key and a value. */
public record Tag(
    @JsonProperty("TagKey") String tagKey, @JsonProperty("TagValue") String tagValue) {}
