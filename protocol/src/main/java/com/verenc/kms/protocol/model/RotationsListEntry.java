package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One entry of a ListKeyRotations page: a completed rotation; for a key of imported material, each
 * material imported into it (the first, rotated ones, one awaiting its rotation) with its import
 * state and expiry.
 */
public record RotationsListEntry(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("KeyMaterialId") String keyMaterialId,
    @JsonProperty("KeyMaterialDescription") String keyMaterialDescription,
    @JsonProperty("ImportState") String importState,
    @JsonProperty("KeyMaterialState") String keyMaterialState,
    @JsonProperty("ExpirationModel") String expirationModel,
    @JsonProperty("ValidTo") Instant validTo,
    @JsonProperty("RotationDate") Instant rotationDate,
    @JsonProperty("RotationType") String rotationType) {

  /** A rotation of generated material. */
  public static RotationsListEntry rotation(
      String keyId, Instant rotationDate, String rotationType) {
    return new RotationsListEntry(
        keyId, null, null, null, null, null, null, rotationDate, rotationType);
  }
}
