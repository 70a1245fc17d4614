package com.verenc.kms.protocol;

import com.verenc.kms.protocol.model.CancelKeyDeletionRequest;
import com.verenc.kms.protocol.model.CancelKeyDeletionResponse;
import com.verenc.kms.protocol.model.CreateAliasRequest;
import com.verenc.kms.protocol.model.CreateGrantRequest;
import com.verenc.kms.protocol.model.CreateGrantResponse;
import com.verenc.kms.protocol.model.CreateKeyRequest;
import com.verenc.kms.protocol.model.CreateKeyResponse;
import com.verenc.kms.protocol.model.DecryptRequest;
import com.verenc.kms.protocol.model.DecryptResponse;
import com.verenc.kms.protocol.model.DeleteAliasRequest;
import com.verenc.kms.protocol.model.DeleteImportedKeyMaterialRequest;
import com.verenc.kms.protocol.model.DeleteImportedKeyMaterialResponse;
import com.verenc.kms.protocol.model.DeriveSharedSecretRequest;
import com.verenc.kms.protocol.model.DeriveSharedSecretResponse;
import com.verenc.kms.protocol.model.DescribeKeyRequest;
import com.verenc.kms.protocol.model.DescribeKeyResponse;
import com.verenc.kms.protocol.model.DisableKeyRequest;
import com.verenc.kms.protocol.model.DisableKeyRotationRequest;
import com.verenc.kms.protocol.model.EmptyResponse;
import com.verenc.kms.protocol.model.EnableKeyRequest;
import com.verenc.kms.protocol.model.EnableKeyRotationRequest;
import com.verenc.kms.protocol.model.EncryptRequest;
import com.verenc.kms.protocol.model.EncryptResponse;
import com.verenc.kms.protocol.model.GenerateDataKeyPairRequest;
import com.verenc.kms.protocol.model.GenerateDataKeyPairResponse;
import com.verenc.kms.protocol.model.GenerateDataKeyPairWithoutPlaintextRequest;
import com.verenc.kms.protocol.model.GenerateDataKeyPairWithoutPlaintextResponse;
import com.verenc.kms.protocol.model.GenerateDataKeyRequest;
import com.verenc.kms.protocol.model.GenerateDataKeyResponse;
import com.verenc.kms.protocol.model.GenerateDataKeyWithoutPlaintextRequest;
import com.verenc.kms.protocol.model.GenerateDataKeyWithoutPlaintextResponse;
import com.verenc.kms.protocol.model.GenerateMacRequest;
import com.verenc.kms.protocol.model.GenerateMacResponse;
import com.verenc.kms.protocol.model.GenerateRandomRequest;
import com.verenc.kms.protocol.model.GenerateRandomResponse;
import com.verenc.kms.protocol.model.GetKeyLastUsageRequest;
import com.verenc.kms.protocol.model.GetKeyLastUsageResponse;
import com.verenc.kms.protocol.model.GetKeyPolicyRequest;
import com.verenc.kms.protocol.model.GetKeyPolicyResponse;
import com.verenc.kms.protocol.model.GetKeyRotationStatusRequest;
import com.verenc.kms.protocol.model.GetKeyRotationStatusResponse;
import com.verenc.kms.protocol.model.GetParametersForImportRequest;
import com.verenc.kms.protocol.model.GetParametersForImportResponse;
import com.verenc.kms.protocol.model.GetPublicKeyRequest;
import com.verenc.kms.protocol.model.GetPublicKeyResponse;
import com.verenc.kms.protocol.model.ImportKeyMaterialRequest;
import com.verenc.kms.protocol.model.ImportKeyMaterialResponse;
import com.verenc.kms.protocol.model.KmsRequest;
import com.verenc.kms.protocol.model.KmsResponse;
import com.verenc.kms.protocol.model.ListAliasesRequest;
import com.verenc.kms.protocol.model.ListAliasesResponse;
import com.verenc.kms.protocol.model.ListGrantsRequest;
import com.verenc.kms.protocol.model.ListGrantsResponse;
import com.verenc.kms.protocol.model.ListKeyPoliciesRequest;
import com.verenc.kms.protocol.model.ListKeyPoliciesResponse;
import com.verenc.kms.protocol.model.ListKeyRotationsRequest;
import com.verenc.kms.protocol.model.ListKeyRotationsResponse;
import com.verenc.kms.protocol.model.ListKeysRequest;
import com.verenc.kms.protocol.model.ListKeysResponse;
import com.verenc.kms.protocol.model.ListResourceTagsRequest;
import com.verenc.kms.protocol.model.ListResourceTagsResponse;
import com.verenc.kms.protocol.model.ListRetirableGrantsRequest;
import com.verenc.kms.protocol.model.PutKeyPolicyRequest;
import com.verenc.kms.protocol.model.ReEncryptRequest;
import com.verenc.kms.protocol.model.ReEncryptResponse;
import com.verenc.kms.protocol.model.ReplicateKeyRequest;
import com.verenc.kms.protocol.model.ReplicateKeyResponse;
import com.verenc.kms.protocol.model.RetireGrantRequest;
import com.verenc.kms.protocol.model.RevokeGrantRequest;
import com.verenc.kms.protocol.model.RotateKeyOnDemandRequest;
import com.verenc.kms.protocol.model.RotateKeyOnDemandResponse;
import com.verenc.kms.protocol.model.ScheduleKeyDeletionRequest;
import com.verenc.kms.protocol.model.ScheduleKeyDeletionResponse;
import com.verenc.kms.protocol.model.SignRequest;
import com.verenc.kms.protocol.model.SignResponse;
import com.verenc.kms.protocol.model.TagResourceRequest;
import com.verenc.kms.protocol.model.UntagResourceRequest;
import com.verenc.kms.protocol.model.UpdateAliasRequest;
import com.verenc.kms.protocol.model.UpdateKeyDescriptionRequest;
import com.verenc.kms.protocol.model.UpdatePrimaryRegionRequest;
import com.verenc.kms.protocol.model.VerifyMacRequest;
import com.verenc.kms.protocol.model.VerifyMacResponse;
import com.verenc.kms.protocol.model.VerifyRequest;
import com.verenc.kms.protocol.model.VerifyResponse;
import java.util.HashMap;
import java.util.Map;

/** The TrentService operations this service answers, named exactly as in the AWS KMS API. */
public enum Operation {
  CreateKey(CreateKeyRequest.class, CreateKeyResponse.class),
  DescribeKey(DescribeKeyRequest.class, DescribeKeyResponse.class),
  ListKeys(ListKeysRequest.class, ListKeysResponse.class),
  Encrypt(EncryptRequest.class, EncryptResponse.class),
  Decrypt(DecryptRequest.class, DecryptResponse.class),
  ReEncrypt(ReEncryptRequest.class, ReEncryptResponse.class),
  GenerateDataKey(GenerateDataKeyRequest.class, GenerateDataKeyResponse.class),
  GenerateDataKeyWithoutPlaintext(
      GenerateDataKeyWithoutPlaintextRequest.class, GenerateDataKeyWithoutPlaintextResponse.class),
  GenerateRandom(GenerateRandomRequest.class, GenerateRandomResponse.class),
  EnableKey(EnableKeyRequest.class, EmptyResponse.class),
  DisableKey(DisableKeyRequest.class, EmptyResponse.class),
  ScheduleKeyDeletion(ScheduleKeyDeletionRequest.class, ScheduleKeyDeletionResponse.class),
  CancelKeyDeletion(CancelKeyDeletionRequest.class, CancelKeyDeletionResponse.class),
  UpdateKeyDescription(UpdateKeyDescriptionRequest.class, EmptyResponse.class),
  CreateAlias(CreateAliasRequest.class, EmptyResponse.class),
  UpdateAlias(UpdateAliasRequest.class, EmptyResponse.class),
  DeleteAlias(DeleteAliasRequest.class, EmptyResponse.class),
  ListAliases(ListAliasesRequest.class, ListAliasesResponse.class),
  TagResource(TagResourceRequest.class, EmptyResponse.class),
  UntagResource(UntagResourceRequest.class, EmptyResponse.class),
  ListResourceTags(ListResourceTagsRequest.class, ListResourceTagsResponse.class),
  GetKeyPolicy(GetKeyPolicyRequest.class, GetKeyPolicyResponse.class),
  PutKeyPolicy(PutKeyPolicyRequest.class, EmptyResponse.class),
  ListKeyPolicies(ListKeyPoliciesRequest.class, ListKeyPoliciesResponse.class),
  EnableKeyRotation(EnableKeyRotationRequest.class, EmptyResponse.class),
  DisableKeyRotation(DisableKeyRotationRequest.class, EmptyResponse.class),
  GetKeyRotationStatus(GetKeyRotationStatusRequest.class, GetKeyRotationStatusResponse.class),
  RotateKeyOnDemand(RotateKeyOnDemandRequest.class, RotateKeyOnDemandResponse.class),
  ListKeyRotations(ListKeyRotationsRequest.class, ListKeyRotationsResponse.class),
  ReplicateKey(ReplicateKeyRequest.class, ReplicateKeyResponse.class),
  UpdatePrimaryRegion(UpdatePrimaryRegionRequest.class, EmptyResponse.class),
  GenerateMac(GenerateMacRequest.class, GenerateMacResponse.class),
  VerifyMac(VerifyMacRequest.class, VerifyMacResponse.class),
  Sign(SignRequest.class, SignResponse.class),
  Verify(VerifyRequest.class, VerifyResponse.class),
  GetPublicKey(GetPublicKeyRequest.class, GetPublicKeyResponse.class),
  GenerateDataKeyPair(GenerateDataKeyPairRequest.class, GenerateDataKeyPairResponse.class),
  GenerateDataKeyPairWithoutPlaintext(
      GenerateDataKeyPairWithoutPlaintextRequest.class,
      GenerateDataKeyPairWithoutPlaintextResponse.class),
  DeriveSharedSecret(DeriveSharedSecretRequest.class, DeriveSharedSecretResponse.class),
  GetParametersForImport(GetParametersForImportRequest.class, GetParametersForImportResponse.class),
  ImportKeyMaterial(ImportKeyMaterialRequest.class, ImportKeyMaterialResponse.class),
  DeleteImportedKeyMaterial(
      DeleteImportedKeyMaterialRequest.class, DeleteImportedKeyMaterialResponse.class),
  GetKeyLastUsage(GetKeyLastUsageRequest.class, GetKeyLastUsageResponse.class),
  CreateGrant(CreateGrantRequest.class, CreateGrantResponse.class),
  ListGrants(ListGrantsRequest.class, ListGrantsResponse.class),
  ListRetirableGrants(ListRetirableGrantsRequest.class, ListGrantsResponse.class),
  RetireGrant(RetireGrantRequest.class, EmptyResponse.class),
  RevokeGrant(RevokeGrantRequest.class, EmptyResponse.class);

  /** Every {@code X-Amz-Target} is this prefix followed by the operation name. */
  public static final String TARGET_PREFIX = "TrentService.";

  private static final Map<String, Operation> BY_NAME = new HashMap<>();

  static {
    for (Operation op : values()) {
      BY_NAME.put(op.name(), op);
    }
  }

  private final Class<? extends KmsRequest> requestType;
  private final Class<? extends KmsResponse> responseType;

  Operation(Class<? extends KmsRequest> requestType, Class<? extends KmsResponse> responseType) {
    this.requestType = requestType;
    this.responseType = responseType;
  }

  /** The record the request body of this operation is read into. */
  public Class<? extends KmsRequest> requestType() {
    return requestType;
  }

  /**
   * The record this operation answers with ({@link EmptyResponse} when AWS sends an empty body).
   */
  public Class<? extends KmsResponse> responseType() {
    return responseType;
  }

  /** The {@code X-Amz-Target} header value that selects this operation. */
  public String target() {
    return TARGET_PREFIX + name();
  }

  /**
   * Resolves the {@code X-Amz-Target} header.
   *
   * @throws KmsException {@link ErrorCode#UNKNOWN_OPERATION} when the header is missing, has
   *     another prefix or names an operation this service does not offer
   */
  public static Operation fromTarget(String xAmzTarget) {
    if (xAmzTarget == null || xAmzTarget.isBlank()) {
      throw unknown(
          "Missing X-Amz-Target header: send 'TrentService.<Operation>', e.g. 'TrentService.Encrypt'");
    }
    if (!xAmzTarget.startsWith(TARGET_PREFIX)) {
      throw unknown(
          "Unrecognized X-Amz-Target '"
              + xAmzTarget
              + "': expected 'TrentService.<Operation>', e.g. 'TrentService.Encrypt'");
    }
    Operation op = BY_NAME.get(xAmzTarget.substring(TARGET_PREFIX.length()));
    if (op == null) {
      throw unknown(
          "Unknown operation '"
              + xAmzTarget
              + "': expected 'TrentService.<Operation>' naming a supported operation, e.g. 'TrentService.Encrypt'");
    }
    return op;
  }

  private static KmsException unknown(String message) {
    return new KmsException(ErrorCode.UNKNOWN_OPERATION, message);
  }
}
