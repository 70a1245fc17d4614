package com.verenc.kms.node.key.model;

import com.verenc.kms.node.CborSerializable;
import java.time.Instant;

/**
 * What the zone keeps of a key's imported material besides the material itself: its id (the
 * KeyMaterialId callers see), a fingerprint keyed by the key's secret (so a later import of
 * different material is refused even once this material is deleted), when it expires ({@code
 * validTo} null: never) and whether it is present.
 */
public record ImportedMaterial(
    String keyMaterialId, byte[] fingerprint, Instant validTo, boolean present)
    implements CborSerializable {

  public static final String EXPIRES = "KEY_MATERIAL_EXPIRES";
  public static final String DOES_NOT_EXPIRE = "KEY_MATERIAL_DOES_NOT_EXPIRE";

  public String expirationModel() {
    return validTo == null ? DOES_NOT_EXPIRE : EXPIRES;
  }

  /** Whether the material can be used at {@code now}: present and not past its ValidTo. */
  public boolean usableAt(Instant now) {
    return present && (validTo == null || now.isBefore(validTo));
  }

  public ImportedMaterial deleted() {
    return new ImportedMaterial(keyMaterialId, fingerprint, null, false);
  }
}
