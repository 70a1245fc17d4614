package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One key in a ListKeys page. */
public record KeyListEntry(
    @JsonProperty("KeyId") String keyId, @JsonProperty("KeyArn") String keyArn) {}
