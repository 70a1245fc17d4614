package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request of GetKeyLastUsage: the last successful cryptographic operation with a key. */
public record GetKeyLastUsageRequest(@JsonProperty("KeyId") String keyId) implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    c.throwIfViolated();
  }
}
