package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Request of ImportKeyMaterial: key material wrapped under the public key of
 * GetParametersForImport, with the import token of the same response. Only the members' own
 * constraints are checked here; the rules that need the key or the clock (ValidTo given exactly
 * when the material expires, in the future and at most 365 days ahead; no KeyMaterialId with
 * NEW_KEY_MATERIAL) are the node's.
 */
public record ImportKeyMaterialRequest(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("ImportToken") byte[] importToken,
    @JsonProperty("EncryptedKeyMaterial") byte[] encryptedKeyMaterial,
    @JsonProperty("ValidTo") Instant validTo,
    @JsonProperty("ExpirationModel") String expirationModel,
    @JsonProperty("ImportType") String importType,
    @JsonProperty("KeyMaterialDescription") String keyMaterialDescription,
    @JsonProperty("KeyMaterialId") String keyMaterialId)
    implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    KmsMembers.ciphertextType(c, "importToken", importToken);
    KmsMembers.ciphertextType(c, "encryptedKeyMaterial", encryptedKeyMaterial);
    c.oneOf("expirationModel", expirationModel, KmsMembers.EXPIRATION_MODELS);
    c.oneOf("importType", importType, KmsMembers.IMPORT_TYPES);
    KmsMembers.keyMaterialDescription(c, keyMaterialDescription);
    KmsMembers.keyMaterialId(c, keyMaterialId);
    c.throwIfViolated();
  }
}
