package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Request of Verify: checks a signature with the public key of an asymmetric key. */
public record VerifyRequest(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("Message") byte[] message,
    @JsonProperty("MessageType") String messageType,
    @JsonProperty("Signature") byte[] signature,
    @JsonProperty("SigningAlgorithm") String signingAlgorithm,
    @JsonProperty("GrantTokens") List<String> grantTokens,
    @JsonProperty("DryRun") Boolean dryRun)
    implements KmsRequest, WithGrantTokens {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    KmsMembers.message(c, message);
    KmsMembers.messageType(c, messageType);
    KmsMembers.macOrSignature(c, "signature", signature);
    KmsMembers.signingAlgorithm(c, signingAlgorithm);
    KmsMembers.grantTokens(c, grantTokens);
    c.throwIfViolated();
  }
}
