package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request of GetKeyPolicy: the key policy document (policy name defaults to 'default'). */
public record GetKeyPolicyRequest(
    @JsonProperty("KeyId") String keyId, @JsonProperty("PolicyName") String policyName)
    implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    KmsMembers.policyName(c, policyName);
    c.throwIfViolated();
  }
}
