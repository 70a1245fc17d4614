package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** Request of GenerateDataKeyWithoutPlaintext: a fresh data key, encrypted only. */
public record GenerateDataKeyWithoutPlaintextRequest(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("EncryptionContext") Map<String, String> encryptionContext,
    @JsonProperty("NumberOfBytes") Integer numberOfBytes,
    @JsonProperty("KeySpec") String keySpec,
    @JsonProperty("GrantTokens") List<String> grantTokens,
    @JsonProperty("DryRun") Boolean dryRun)
    implements KmsRequest, WithGrantTokens {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    KmsMembers.encryptionContext(c, "encryptionContext", encryptionContext);
    KmsMembers.dataKeySize(c, keySpec, numberOfBytes);
    KmsMembers.grantTokens(c, grantTokens);
    c.throwIfViolated();
  }
}
