package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request of DisableKey: stops cryptographic use of a key. */
public record DisableKeyRequest(@JsonProperty("KeyId") String keyId) implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    c.throwIfViolated();
  }
}
