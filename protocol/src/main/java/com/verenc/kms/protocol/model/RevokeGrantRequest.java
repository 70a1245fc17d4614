package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request of RevokeGrant: deletes a grant of a key, by its id. */
public record RevokeGrantRequest(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("GrantId") String grantId,
    @JsonProperty("DryRun") Boolean dryRun)
    implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    KmsMembers.grantId(c, "grantId", grantId, true);
    c.throwIfViolated();
  }
}
