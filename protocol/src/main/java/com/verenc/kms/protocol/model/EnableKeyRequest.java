package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request of EnableKey: allows cryptographic use of a key again. */
public record EnableKeyRequest(@JsonProperty("KeyId") String keyId) implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    c.throwIfViolated();
  }
}
