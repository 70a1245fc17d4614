package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Response of VerifyMac: always {@code MacValid: true}, since a MAC that does not match is a {@code
 * KMSInvalidMacException}.
 */
public record VerifyMacResponse(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("MacValid") Boolean macValid,
    @JsonProperty("MacAlgorithm") String macAlgorithm)
    implements CryptoResponse {}
