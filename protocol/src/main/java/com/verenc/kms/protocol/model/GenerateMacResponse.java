package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Response of GenerateMac: the MAC, the algorithm and the key (as ARN) that made it. */
public record GenerateMacResponse(
    @JsonProperty("Mac") byte[] mac,
    @JsonProperty("MacAlgorithm") String macAlgorithm,
    @JsonProperty("KeyId") String keyId)
    implements CryptoResponse {}
