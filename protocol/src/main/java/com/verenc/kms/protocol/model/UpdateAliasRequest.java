package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request of UpdateAlias: points an existing alias at another key. */
public record UpdateAliasRequest(
    @JsonProperty("AliasName") String aliasName, @JsonProperty("TargetKeyId") String targetKeyId)
    implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.aliasName(c, aliasName);
    KmsMembers.keyId(c, "targetKeyId", targetKeyId, true);
    c.throwIfViolated();
  }
}
