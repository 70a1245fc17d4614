package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Response of DescribeKey. */
public record DescribeKeyResponse(@JsonProperty("KeyMetadata") KeyMetadata keyMetadata)
    implements KmsResponse {}
