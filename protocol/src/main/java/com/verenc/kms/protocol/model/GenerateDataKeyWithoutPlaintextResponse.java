package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Response of GenerateDataKeyWithoutPlaintext: the encrypted data key. */
public record GenerateDataKeyWithoutPlaintextResponse(
    @JsonProperty("CiphertextBlob") byte[] ciphertextBlob, @JsonProperty("KeyId") String keyId)
    implements CryptoResponse {}
