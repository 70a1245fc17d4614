package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request of EnableKeyRotation: turns on automatic rotation, optionally with a period. */
public record EnableKeyRotationRequest(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("RotationPeriodInDays") Integer rotationPeriodInDays)
    implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    c.range("rotationPeriodInDays", rotationPeriodInDays, 90, 2560);
    c.throwIfViolated();
  }
}
