package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request of ListKeyRotations: one page of a key's completed rotations. */
public record ListKeyRotationsRequest(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("IncludeKeyMaterial") String includeKeyMaterial,
    @JsonProperty("Limit") Integer limit,
    @JsonProperty("Marker") String marker)
    implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    KmsMembers.page(c, limit, 1000, marker);
    c.oneOf("includeKeyMaterial", includeKeyMaterial, KmsMembers.INCLUDE_KEY_MATERIAL);
    c.throwIfViolated();
  }
}
