package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request of ScheduleKeyDeletion: deletes a key after a waiting period. */
public record ScheduleKeyDeletionRequest(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("PendingWindowInDays") Integer pendingWindowInDays)
    implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    c.range("pendingWindowInDays", pendingWindowInDays, 7, 30);
    c.throwIfViolated();
  }
}
