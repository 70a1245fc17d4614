package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Response of ReEncrypt: the new blob and both keys (as ARNs). */
public record ReEncryptResponse(
    @JsonProperty("CiphertextBlob") byte[] ciphertextBlob,
    @JsonProperty("SourceKeyId") String sourceKeyId,
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("SourceEncryptionAlgorithm") String sourceEncryptionAlgorithm,
    @JsonProperty("DestinationEncryptionAlgorithm") String destinationEncryptionAlgorithm)
    implements CryptoResponse {}
