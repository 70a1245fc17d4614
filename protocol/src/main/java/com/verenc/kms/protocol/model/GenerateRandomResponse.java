package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Response of GenerateRandom: the random bytes. */
public record GenerateRandomResponse(@JsonProperty("Plaintext") byte[] plaintext)
    implements KmsResponse {}
