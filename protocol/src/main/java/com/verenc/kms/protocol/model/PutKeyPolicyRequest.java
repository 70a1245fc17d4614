package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request of PutKeyPolicy: replaces the key policy document. */
public record PutKeyPolicyRequest(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("PolicyName") String policyName,
    @JsonProperty("Policy") String policy,
    @JsonProperty("BypassPolicyLockoutSafetyCheck") Boolean bypassPolicyLockoutSafetyCheck)
    implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    KmsMembers.policyName(c, policyName);
    KmsMembers.policy(c, policy, true);
    c.throwIfViolated();
  }
}
