package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * Everything DescribeKey tells about a key. {@code NextRotationDate} is a Verenc extension (AWS
 * shows it only in GetKeyRotationStatus); AWS SDKs ignore members they do not know. The algorithm
 * lists of asymmetric and HMAC keys, then the ExpirationModel and CurrentKeyMaterialId of keys with
 * imported material, come last so that the components before them keep their positions; JSON
 * members are matched by name, so their place in the body does not matter.
 */
public record KeyMetadata(
    @JsonProperty("AWSAccountId") String awsAccountId,
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("Arn") String arn,
    @JsonProperty("CreationDate") Instant creationDate,
    @JsonProperty("Enabled") Boolean enabled,
    @JsonProperty("Description") String description,
    @JsonProperty("KeyUsage") String keyUsage,
    @JsonProperty("KeyState") KeyState keyState,
    @JsonProperty("DeletionDate") Instant deletionDate,
    @JsonProperty("ValidTo") Instant validTo,
    @JsonProperty("Origin") String origin,
    @JsonProperty("KeyManager") String keyManager,
    @JsonProperty("CustomerMasterKeySpec") String customerMasterKeySpec,
    @JsonProperty("KeySpec") String keySpec,
    @JsonProperty("EncryptionAlgorithms") List<String> encryptionAlgorithms,
    @JsonProperty("MultiRegion") Boolean multiRegion,
    @JsonProperty("MultiRegionConfiguration") MultiRegionConfiguration multiRegionConfiguration,
    @JsonProperty("PendingDeletionWindowInDays") Integer pendingDeletionWindowInDays,
    @JsonProperty("NextRotationDate") Instant nextRotationDate,
    @JsonProperty("SigningAlgorithms") List<String> signingAlgorithms,
    @JsonProperty("KeyAgreementAlgorithms") List<String> keyAgreementAlgorithms,
    @JsonProperty("MacAlgorithms") List<String> macAlgorithms,
    @JsonProperty("ExpirationModel") String expirationModel,
    @JsonProperty("CurrentKeyMaterialId") String currentKeyMaterialId) {}
