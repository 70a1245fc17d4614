package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request of ListResourceTags: one page of a key's tags. */
public record ListResourceTagsRequest(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("Limit") Integer limit,
    @JsonProperty("Marker") String marker)
    implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    KmsMembers.page(c, limit, 50, marker);
    c.throwIfViolated();
  }
}
