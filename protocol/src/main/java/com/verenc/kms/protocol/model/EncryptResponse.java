package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Response of Encrypt: the ciphertext blob and the key (as ARN) that made it. */
public record EncryptResponse(
    @JsonProperty("CiphertextBlob") byte[] ciphertextBlob,
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("EncryptionAlgorithm") String encryptionAlgorithm)
    implements CryptoResponse {}
