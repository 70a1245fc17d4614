package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Response of GetParametersForImport: the key (as ARN), the import token and public wrapping key
 * for ImportKeyMaterial, and when both stop being valid.
 */
public record GetParametersForImportResponse(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("ImportToken") byte[] importToken,
    @JsonProperty("PublicKey") byte[] publicKey,
    @JsonProperty("ParametersValidTo") Instant parametersValidTo)
    implements KmsResponse {}
