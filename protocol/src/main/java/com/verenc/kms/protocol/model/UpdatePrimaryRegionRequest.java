package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request of UpdatePrimaryRegion: makes the replica in another zone the primary. */
public record UpdatePrimaryRegionRequest(
    @JsonProperty("KeyId") String keyId, @JsonProperty("PrimaryRegion") String primaryRegion)
    implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    KmsMembers.region(c, "primaryRegion", primaryRegion);
    c.throwIfViolated();
  }
}
