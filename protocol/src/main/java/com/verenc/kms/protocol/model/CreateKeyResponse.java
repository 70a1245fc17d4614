package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Response of CreateKey: the new key's metadata. */
public record CreateKeyResponse(@JsonProperty("KeyMetadata") KeyMetadata keyMetadata)
    implements KmsResponse {}
