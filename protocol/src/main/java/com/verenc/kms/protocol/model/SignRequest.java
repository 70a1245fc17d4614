package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Request of Sign: signs a message or its digest with the private key of an asymmetric key. */
public record SignRequest(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("Message") byte[] message,
    @JsonProperty("MessageType") String messageType,
    @JsonProperty("GrantTokens") List<String> grantTokens,
    @JsonProperty("SigningAlgorithm") String signingAlgorithm,
    @JsonProperty("DryRun") Boolean dryRun)
    implements KmsRequest, WithGrantTokens {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    KmsMembers.message(c, message);
    KmsMembers.messageType(c, messageType);
    KmsMembers.grantTokens(c, grantTokens);
    KmsMembers.signingAlgorithm(c, signingAlgorithm);
    c.throwIfViolated();
  }
}
