package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request of UpdateKeyDescription: replaces the description of a key. */
public record UpdateKeyDescriptionRequest(
    @JsonProperty("KeyId") String keyId, @JsonProperty("Description") String description)
    implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    KmsMembers.description(c, description, true);
    c.throwIfViolated();
  }
}
