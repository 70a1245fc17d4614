package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Response of GenerateDataKeyPairWithoutPlaintext: the encrypted private key and the public key.
 */
public record GenerateDataKeyPairWithoutPlaintextResponse(
    @JsonProperty("PrivateKeyCiphertextBlob") byte[] privateKeyCiphertextBlob,
    @JsonProperty("PublicKey") byte[] publicKey,
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("KeyPairSpec") String keyPairSpec,
    @JsonProperty("KeyMaterialId") String keyMaterialId)
    implements CryptoResponse {}
