package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** Request of Decrypt: decrypts a ciphertext blob; the key is named by the blob itself. */
public record DecryptRequest(
    @JsonProperty("CiphertextBlob") byte[] ciphertextBlob,
    @JsonProperty("EncryptionContext") Map<String, String> encryptionContext,
    @JsonProperty("GrantTokens") List<String> grantTokens,
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("EncryptionAlgorithm") String encryptionAlgorithm,
    @JsonProperty("Recipient") RecipientInfo recipient,
    @JsonProperty("DryRun") Boolean dryRun,
    @JsonProperty("DryRunModifiers") List<String> dryRunModifiers)
    implements KmsRequest, WithGrantTokens {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.ciphertextBlob(c, ciphertextBlob);
    KmsMembers.encryptionContext(c, "encryptionContext", encryptionContext);
    KmsMembers.grantTokens(c, grantTokens);
    KmsMembers.keyId(c, "keyId", keyId, false);
    KmsMembers.encryptionAlgorithm(c, "encryptionAlgorithm", encryptionAlgorithm);
    KmsMembers.recipient(c, recipient);
    KmsMembers.dryRunModifiers(c, dryRunModifiers);
    c.throwIfViolated();
  }
}
