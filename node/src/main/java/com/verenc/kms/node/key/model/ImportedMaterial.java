package com.verenc.kms.node.key.model;

import com.verenc.kms.node.CborSerializable;
import java.time.Instant;
import java.util.HexFormat;

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

  /**
   * Material known by its fingerprint only: imported into another zone of a multi-zone key, not
   * (yet) into this one.
   */
  public static ImportedMaterial known(byte[] fingerprint) {
    return new ImportedMaterial(idOf(fingerprint), fingerprint, null, false);
  }

  /** The KeyMaterialId callers see: the fingerprint in hex. */
  public static String idOf(byte[] fingerprint) {
    return HexFormat.of().formatHex(fingerprint);
  }

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
