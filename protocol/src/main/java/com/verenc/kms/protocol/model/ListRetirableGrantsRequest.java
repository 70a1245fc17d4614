package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request of ListRetirableGrants: the grants, on any key of the account, one principal retires. */
public record ListRetirableGrantsRequest(
    @JsonProperty("Limit") Integer limit,
    @JsonProperty("Marker") String marker,
    @JsonProperty("RetiringPrincipal") String retiringPrincipal)
    implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.page(c, limit, 100, marker);
    KmsMembers.principalId(c, "retiringPrincipal", retiringPrincipal, true);
    c.throwIfViolated();
  }
}
