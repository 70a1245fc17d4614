package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request of DeleteAlias: removes an alias (the key stays). */
public record DeleteAliasRequest(@JsonProperty("AliasName") String aliasName)
    implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.aliasName(c, aliasName);
    c.throwIfViolated();
  }
}
