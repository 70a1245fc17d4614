package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One key of a multi-zone set: its ARN and its zone. */
public record MultiRegionKey(
        @JsonProperty("Arn") String arn,
        @JsonProperty("Region") String region) {
}
