package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Response of CancelKeyDeletion: the key (as ARN) whose deletion was cancelled. */
public record CancelKeyDeletionResponse(@JsonProperty("KeyId") String keyId)
    implements KmsResponse {}
