package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** Request of ReEncrypt: decrypts a blob and encrypts the plaintext under another key. */
public record ReEncryptRequest(
    @JsonProperty("CiphertextBlob") byte[] ciphertextBlob,
    @JsonProperty("SourceEncryptionContext") Map<String, String> sourceEncryptionContext,
    @JsonProperty("SourceKeyId") String sourceKeyId,
    @JsonProperty("DestinationKeyId") String destinationKeyId,
    @JsonProperty("DestinationEncryptionContext") Map<String, String> destinationEncryptionContext,
    @JsonProperty("SourceEncryptionAlgorithm") String sourceEncryptionAlgorithm,
    @JsonProperty("DestinationEncryptionAlgorithm") String destinationEncryptionAlgorithm,
    @JsonProperty("GrantTokens") List<String> grantTokens,
    @JsonProperty("DryRun") Boolean dryRun,
    @JsonProperty("DryRunModifiers") List<String> dryRunModifiers)
    implements KmsRequest, WithGrantTokens {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.ciphertextBlob(c, ciphertextBlob);
    KmsMembers.encryptionContext(c, "sourceEncryptionContext", sourceEncryptionContext);
    KmsMembers.keyId(c, "sourceKeyId", sourceKeyId, false);
    KmsMembers.keyId(c, "destinationKeyId", destinationKeyId, true);
    KmsMembers.encryptionContext(c, "destinationEncryptionContext", destinationEncryptionContext);
    KmsMembers.encryptionAlgorithm(c, "sourceEncryptionAlgorithm", sourceEncryptionAlgorithm);
    KmsMembers.encryptionAlgorithm(
        c, "destinationEncryptionAlgorithm", destinationEncryptionAlgorithm);
    KmsMembers.grantTokens(c, grantTokens);
    KmsMembers.dryRunModifiers(c, dryRunModifiers);
    c.throwIfViolated();
  }
}
