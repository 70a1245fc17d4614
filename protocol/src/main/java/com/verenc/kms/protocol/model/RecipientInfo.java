package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The Nitro Enclaves attestation of Decrypt, GenerateDataKey, GenerateDataKeyPair,
 * DeriveSharedSecret and GenerateRandom: validated as the AWS model says, then refused by the node,
 * which cannot verify an attestation.
 */
public record RecipientInfo(
    @JsonProperty("KeyEncryptionAlgorithm") String keyEncryptionAlgorithm,
    @JsonProperty("AttestationDocument") byte[] attestationDocument) {}
