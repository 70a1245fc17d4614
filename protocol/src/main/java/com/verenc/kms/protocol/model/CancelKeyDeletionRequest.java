package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request of CancelKeyDeletion: keeps a key scheduled for deletion (it stays disabled). */
public record CancelKeyDeletionRequest(@JsonProperty("KeyId") String keyId) implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    c.throwIfViolated();
  }
}
