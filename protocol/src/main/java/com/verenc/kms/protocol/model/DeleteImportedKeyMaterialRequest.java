package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Request of DeleteImportedKeyMaterial: deletes the given imported key material, or the current one
 * when no KeyMaterialId is given.
 */
public record DeleteImportedKeyMaterialRequest(
    @JsonProperty("KeyId") String keyId, @JsonProperty("KeyMaterialId") String keyMaterialId)
    implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    KmsMembers.keyMaterialId(c, keyMaterialId);
    c.throwIfViolated();
  }
}
