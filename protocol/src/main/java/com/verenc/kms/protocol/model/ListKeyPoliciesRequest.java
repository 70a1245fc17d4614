package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request of ListKeyPolicies: the names of a key's policies (always 'default'). */
public record ListKeyPoliciesRequest(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("Limit") Integer limit,
    @JsonProperty("Marker") String marker)
    implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    KmsMembers.page(c, limit, 1000, marker);
    c.throwIfViolated();
  }
}
