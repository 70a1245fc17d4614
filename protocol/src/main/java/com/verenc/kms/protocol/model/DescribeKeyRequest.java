package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Request of DescribeKey: the metadata of one key. */
public record DescribeKeyRequest(
    @JsonProperty("KeyId") String keyId, @JsonProperty("GrantTokens") List<String> grantTokens)
    implements KmsRequest, WithGrantTokens {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    KmsMembers.grantTokens(c, grantTokens);
    c.throwIfViolated();
  }
}
