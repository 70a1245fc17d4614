package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Response of RotateKeyOnDemand: the key (as ARN) that was rotated. */
public record RotateKeyOnDemandResponse(@JsonProperty("KeyId") String keyId)
    implements KmsResponse {}
