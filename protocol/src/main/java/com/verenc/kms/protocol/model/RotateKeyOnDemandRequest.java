package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request of RotateKeyOnDemand: rotates a key now. */
public record RotateKeyOnDemandRequest(@JsonProperty("KeyId") String keyId) implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    c.throwIfViolated();
  }
}
