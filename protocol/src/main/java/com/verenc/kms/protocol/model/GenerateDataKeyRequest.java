package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** Request of GenerateDataKey: a fresh data key, in the clear and encrypted under a key. */
public record GenerateDataKeyRequest(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("EncryptionContext") Map<String, String> encryptionContext,
    @JsonProperty("NumberOfBytes") Integer numberOfBytes,
    @JsonProperty("KeySpec") String keySpec,
    @JsonProperty("GrantTokens") List<String> grantTokens,
    @JsonProperty("Recipient") RecipientInfo recipient,
    @JsonProperty("DryRun") Boolean dryRun)
    implements KmsRequest, WithGrantTokens {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    KmsMembers.encryptionContext(c, "encryptionContext", encryptionContext);
    KmsMembers.dataKeySize(c, keySpec, numberOfBytes);
    KmsMembers.grantTokens(c, grantTokens);
    KmsMembers.recipient(c, recipient);
    c.throwIfViolated();
  }
}
