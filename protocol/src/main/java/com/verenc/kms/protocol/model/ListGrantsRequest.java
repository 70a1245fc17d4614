package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request of ListGrants: one page of a key's grants, optionally one grant or one grantee's. */
public record ListGrantsRequest(
    @JsonProperty("Limit") Integer limit,
    @JsonProperty("Marker") String marker,
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("GrantId") String grantId,
    @JsonProperty("GranteePrincipal") String granteePrincipal)
    implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.page(c, limit, 100, marker);
    KmsMembers.keyId(c, "keyId", keyId, true);
    KmsMembers.grantId(c, "grantId", grantId, false);
    KmsMembers.principalId(c, "granteePrincipal", granteePrincipal, false);
    c.throwIfViolated();
  }
}
