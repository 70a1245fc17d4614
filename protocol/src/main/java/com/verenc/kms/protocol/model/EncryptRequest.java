package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** Request of Encrypt: encrypts up to 4 KiB under a key. */
public record EncryptRequest(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("Plaintext") byte[] plaintext,
    @JsonProperty("EncryptionContext") Map<String, String> encryptionContext,
    @JsonProperty("GrantTokens") List<String> grantTokens,
    @JsonProperty("EncryptionAlgorithm") String encryptionAlgorithm,
    @JsonProperty("DryRun") Boolean dryRun)
    implements KmsRequest, WithGrantTokens {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    c.required("plaintext", plaintext).length("plaintext", plaintext, 1, 4096);
    KmsMembers.encryptionContext(c, "encryptionContext", encryptionContext);
    KmsMembers.grantTokens(c, grantTokens);
    KmsMembers.encryptionAlgorithm(c, "encryptionAlgorithm", encryptionAlgorithm);
    c.throwIfViolated();
  }
}
