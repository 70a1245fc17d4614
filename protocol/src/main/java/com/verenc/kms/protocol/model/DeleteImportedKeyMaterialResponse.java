package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Response of DeleteImportedKeyMaterial: the key (as ARN) and the material that was deleted. */
public record DeleteImportedKeyMaterialResponse(
    @JsonProperty("KeyId") String keyId, @JsonProperty("KeyMaterialId") String keyMaterialId)
    implements KmsResponse {}
