package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request of ListAliases: one page of the account's aliases, or of one key's. */
public record ListAliasesRequest(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("Limit") Integer limit,
    @JsonProperty("Marker") String marker)
    implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, false);
    KmsMembers.page(c, limit, 100, marker);
    c.throwIfViolated();
  }
}
