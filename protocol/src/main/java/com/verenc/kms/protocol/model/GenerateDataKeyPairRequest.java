package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Request of GenerateDataKeyPair: a fresh asymmetric key pair, the private key in the clear and
 * encrypted under a symmetric key.
 */
public record GenerateDataKeyPairRequest(
    @JsonProperty("EncryptionContext") Map<String, String> encryptionContext,
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("KeyPairSpec") String keyPairSpec,
    @JsonProperty("GrantTokens") List<String> grantTokens,
    @JsonProperty("Recipient") RecipientInfo recipient,
    @JsonProperty("DryRun") Boolean dryRun)
    implements KmsRequest, WithGrantTokens {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.encryptionContext(c, "encryptionContext", encryptionContext);
    KmsMembers.keyId(c, "keyId", keyId, true);
    KmsMembers.keyPairSpec(c, keyPairSpec);
    KmsMembers.grantTokens(c, grantTokens);
    KmsMembers.recipient(c, recipient);
    c.throwIfViolated();
  }
}
