package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Request of VerifyMac: checks an HMAC of a message under an HMAC key. */
public record VerifyMacRequest(
    @JsonProperty("Message") byte[] message,
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("MacAlgorithm") String macAlgorithm,
    @JsonProperty("Mac") byte[] mac,
    @JsonProperty("GrantTokens") List<String> grantTokens,
    @JsonProperty("DryRun") Boolean dryRun)
    implements KmsRequest, WithGrantTokens {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.message(c, message);
    KmsMembers.keyId(c, "keyId", keyId, true);
    KmsMembers.macAlgorithm(c, macAlgorithm);
    KmsMembers.macOrSignature(c, "mac", mac);
    KmsMembers.grantTokens(c, grantTokens);
    c.throwIfViolated();
  }
}
