package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Response of Sign: the signature, the algorithm and the key (as ARN) that made it. */
public record SignResponse(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("Signature") byte[] signature,
    @JsonProperty("SigningAlgorithm") String signingAlgorithm)
    implements CryptoResponse {}
