package com.verenc.kms.protocol.model;

/**
 * The body of a TrentService request. Sealed so that a {@code switch} over the operations is
 * checked by the compiler.
 */
public sealed interface KmsRequest
    permits CancelKeyDeletionRequest,
        CreateAliasRequest,
        CreateGrantRequest,
        CreateKeyRequest,
        DecryptRequest,
        DeleteAliasRequest,
        DeleteImportedKeyMaterialRequest,
        DeriveSharedSecretRequest,
        DescribeKeyRequest,
        DisableKeyRequest,
        DisableKeyRotationRequest,
        EnableKeyRequest,
        EnableKeyRotationRequest,
        EncryptRequest,
        GenerateDataKeyPairRequest,
        GenerateDataKeyPairWithoutPlaintextRequest,
        GenerateDataKeyRequest,
        GenerateDataKeyWithoutPlaintextRequest,
        GenerateMacRequest,
        GenerateRandomRequest,
        GetKeyLastUsageRequest,
        GetKeyPolicyRequest,
        GetKeyRotationStatusRequest,
        GetParametersForImportRequest,
        GetPublicKeyRequest,
        ImportKeyMaterialRequest,
        ListAliasesRequest,
        ListGrantsRequest,
        ListKeyPoliciesRequest,
        ListKeyRotationsRequest,
        ListKeysRequest,
        ListResourceTagsRequest,
        ListRetirableGrantsRequest,
        PutKeyPolicyRequest,
        ReEncryptRequest,
        ReplicateKeyRequest,
        RetireGrantRequest,
        RevokeGrantRequest,
        RotateKeyOnDemandRequest,
        ScheduleKeyDeletionRequest,
        SignRequest,
        TagResourceRequest,
        UntagResourceRequest,
        UpdateAliasRequest,
        UpdateKeyDescriptionRequest,
        UpdatePrimaryRegionRequest,
        VerifyMacRequest,
        VerifyRequest {

  /**
   * Checks the input constraints of the AWS API reference (lengths, ranges, patterns, required
   * members). Business rules (key state, key usage) are the server's.
   *
   * @throws com.verenc.kms.protocol.KmsException {@code ValidationException} or {@code
   *     TagException}
   */
  default void validate() {}
}
