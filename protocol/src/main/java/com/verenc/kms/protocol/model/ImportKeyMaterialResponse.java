package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Response of ImportKeyMaterial: the key (as ARN) and the identifier of the imported material. */
public record ImportKeyMaterialResponse(
    @JsonProperty("KeyId") String keyId, @JsonProperty("KeyMaterialId") String keyMaterialId)
    implements KmsResponse {}
