package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Response of GenerateDataKeyPair: the private key encrypted and in the clear (PKCS #8 DER), the
 * public key (X.509 SubjectPublicKeyInfo DER).
 */
public record GenerateDataKeyPairResponse(
    @JsonProperty("PrivateKeyCiphertextBlob") byte[] privateKeyCiphertextBlob,
    @JsonProperty("PrivateKeyPlaintext") byte[] privateKeyPlaintext,
    @JsonProperty("PublicKey") byte[] publicKey,
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("KeyPairSpec") String keyPairSpec,
    @JsonProperty("CiphertextForRecipient") byte[] ciphertextForRecipient,
    @JsonProperty("KeyMaterialId") String keyMaterialId)
    implements CryptoResponse {}
