package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request of ListKeys: one page of the caller's keys. */
public record ListKeysRequest(
    @JsonProperty("Limit") Integer limit, @JsonProperty("Marker") String marker)
    implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.page(c, limit, 1000, marker);
    c.throwIfViolated();
  }
}
