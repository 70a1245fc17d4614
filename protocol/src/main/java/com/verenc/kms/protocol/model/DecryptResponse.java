package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Response of Decrypt: the plaintext and the key (as ARN) that decrypted it. */
public record DecryptResponse(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("Plaintext") byte[] plaintext,
    @JsonProperty("EncryptionAlgorithm") String encryptionAlgorithm)
    implements CryptoResponse {}
