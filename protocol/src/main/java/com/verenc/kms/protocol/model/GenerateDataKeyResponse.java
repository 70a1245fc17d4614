package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Response of GenerateDataKey: the data key encrypted and in the clear. */
public record GenerateDataKeyResponse(
    @JsonProperty("CiphertextBlob") byte[] ciphertextBlob,
    @JsonProperty("Plaintext") byte[] plaintext,
    @JsonProperty("KeyId") String keyId)
    implements CryptoResponse {}
