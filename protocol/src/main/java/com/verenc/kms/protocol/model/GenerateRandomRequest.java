package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request of GenerateRandom: cryptographically secure random bytes. */
public record GenerateRandomRequest(
    @JsonProperty("NumberOfBytes") Integer numberOfBytes,
    @JsonProperty("CustomKeyStoreId") String customKeyStoreId,
    @JsonProperty("Recipient") RecipientInfo recipient)
    implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    // The AWS reference says "This parameter is required" although its model marks it optional.
    c.required("numberOfBytes", numberOfBytes);
    KmsMembers.numberOfBytes(c, numberOfBytes);
    KmsMembers.customKeyStoreId(c, customKeyStoreId);
    KmsMembers.recipient(c, recipient);
    c.throwIfViolated();
  }
}
