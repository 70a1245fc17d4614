package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Response of Verify: always {@code SignatureValid: true}, since a signature that does not verify
 * is a {@code KMSInvalidSignatureException}.
 */
public record VerifyResponse(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("SignatureValid") Boolean signatureValid,
    @JsonProperty("SigningAlgorithm") String signingAlgorithm)
    implements CryptoResponse {}
