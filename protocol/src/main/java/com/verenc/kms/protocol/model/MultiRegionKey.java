package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One key of a multi-zone set: its ARN and its zone. {@code AcknowledgedVersion} (Verenc extension,
 * on the primary's view) is the shared-state version that replica has confirmed.
 */
public record MultiRegionKey(
    @JsonProperty("Arn") String arn,
    @JsonProperty("Region") String region,
    @JsonProperty("AcknowledgedVersion") Integer acknowledgedVersion) {}
