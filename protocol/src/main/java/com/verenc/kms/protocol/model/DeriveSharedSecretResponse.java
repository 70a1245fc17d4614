package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Response of DeriveSharedSecret: the shared secret and how it was derived. */
public record DeriveSharedSecretResponse(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("SharedSecret") byte[] sharedSecret,
    @JsonProperty("CiphertextForRecipient") byte[] ciphertextForRecipient,
    @JsonProperty("KeyAgreementAlgorithm") String keyAgreementAlgorithm,
    @JsonProperty("KeyOrigin") String keyOrigin)
    implements CryptoResponse {}
