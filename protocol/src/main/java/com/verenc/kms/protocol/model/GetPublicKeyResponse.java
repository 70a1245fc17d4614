package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Response of GetPublicKey: the DER-encoded public key (X.509 SubjectPublicKeyInfo) and what the
 * key may be used for.
 */
public record GetPublicKeyResponse(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("PublicKey") byte[] publicKey,
    @JsonProperty("CustomerMasterKeySpec") String customerMasterKeySpec,
    @JsonProperty("KeySpec") String keySpec,
    @JsonProperty("KeyUsage") String keyUsage,
    @JsonProperty("EncryptionAlgorithms") List<String> encryptionAlgorithms,
    @JsonProperty("SigningAlgorithms") List<String> signingAlgorithms,
    @JsonProperty("KeyAgreementAlgorithms") List<String> keyAgreementAlgorithms)
    implements KmsResponse {}
