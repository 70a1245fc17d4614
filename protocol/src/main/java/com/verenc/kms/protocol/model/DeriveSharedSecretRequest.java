package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Request of DeriveSharedSecret: an ECDH shared secret from the private key of a key agreement key
 * and another party's public key.
 */
public record DeriveSharedSecretRequest(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("KeyAgreementAlgorithm") String keyAgreementAlgorithm,
    @JsonProperty("PublicKey") byte[] publicKey,
    @JsonProperty("GrantTokens") List<String> grantTokens,
    @JsonProperty("DryRun") Boolean dryRun,
    @JsonProperty("Recipient") RecipientInfo recipient)
    implements KmsRequest, WithGrantTokens {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    KmsMembers.keyAgreementAlgorithm(c, keyAgreementAlgorithm);
    KmsMembers.publicKey(c, publicKey);
    KmsMembers.grantTokens(c, grantTokens);
    KmsMembers.recipient(c, recipient);
    c.throwIfViolated();
  }
}
