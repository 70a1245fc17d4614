package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Request of GetParametersForImport: a public wrapping key and an import token for importing key
 * material into a key whose origin is EXTERNAL.
 */
public record GetParametersForImportRequest(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("WrappingAlgorithm") String wrappingAlgorithm,
    @JsonProperty("WrappingKeySpec") String wrappingKeySpec)
    implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    c.required("wrappingAlgorithm", wrappingAlgorithm)
        .oneOf("wrappingAlgorithm", wrappingAlgorithm, KmsMembers.WRAPPING_ALGORITHMS);
    c.required("wrappingKeySpec", wrappingKeySpec)
        .oneOf("wrappingKeySpec", wrappingKeySpec, KmsMembers.WRAPPING_KEY_SPECS);
    c.throwIfViolated();
  }
}
