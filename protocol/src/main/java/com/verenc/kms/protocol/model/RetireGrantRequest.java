package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request of RetireGrant: deletes a grant named by its token, or by its key and id. */
public record RetireGrantRequest(
    @JsonProperty("GrantToken") String grantToken,
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("GrantId") String grantId,
    @JsonProperty("DryRun") Boolean dryRun)
    implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.grantToken(c, "grantToken", grantToken);
    KmsMembers.keyId(c, "keyId", keyId, false);
    KmsMembers.grantId(c, "grantId", grantId, false);
    // Without a token, the key and the id together name the grant.
    if (grantToken == null) {
      c.rule(
          keyId != null,
          "Value null at 'keyId' failed to satisfy constraint: Member must not be null when "
              + "GrantToken is not given (name the grant by GrantToken, or by KeyId and GrantId)");
      c.rule(
          grantId != null,
          "Value null at 'grantId' failed to satisfy constraint: Member must not be null when "
              + "GrantToken is not given (name the grant by GrantToken, or by KeyId and GrantId)");
    }
    c.throwIfViolated();
  }
}
