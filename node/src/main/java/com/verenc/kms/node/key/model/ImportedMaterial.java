package com.verenc.kms.node.key.model;

import com.verenc.kms.node.CborSerializable;
import java.time.Instant;
import java.util.HexFormat;

/**
 * What the zone keeps of one imported key material besides the material itself: its id (the
 * KeyMaterialId callers see), a fingerprint keyed by the key's secret (so a later import is
 * recognised as this material, or refused as different, even once this material is deleted), when
 * it expires ({@code validTo} null: never), whether it is present, the material version it is
 * ({@code version}; 1 for the first), the owner's description, and when an on-demand rotation made
 * it current ({@code rotatedAt}; null for the first and for material awaiting its rotation).
 */
public record ImportedMaterial(
    String keyMaterialId,
    byte[] fingerprint,
    Instant validTo,
    boolean present,
    int version,
    String description,
    Instant rotatedAt)
    implements CborSerializable {

  public static final String EXPIRES = "KEY_MATERIAL_EXPIRES";
  public static final String DOES_NOT_EXPIRE = "KEY_MATERIAL_DOES_NOT_EXPIRE";

  public ImportedMaterial {
    // Journals from before versions were kept had one material only.
    version = version <= 0 ? 1 : version;
  }

  /** The first material imported into a key. */
  public static ImportedMaterial first(byte[] fingerprint, Instant validTo, String description) {
    return new ImportedMaterial(
        idOf(fingerprint), fingerprint, validTo, true, 1, description, null);
  }

  /**
   * Material known by its fingerprint only: imported into another zone of a multi-zone key, not
   * (yet) into this one.
   */
  public static ImportedMaterial known(byte[] fingerprint) {
    return new ImportedMaterial(idOf(fingerprint), fingerprint, null, false, 1, null, null);
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

  /** Whether a present material's ValidTo has passed at {@code now}. */
  public boolean expiredAt(Instant now) {
    return present && validTo != null && !now.isBefore(validTo);
  }

  /**
   * The same material imported again, with the expiry (and description, if given) of this import.
   */
  public ImportedMaterial reimported(Instant newValidTo, String newDescription) {
    return new ImportedMaterial(
        keyMaterialId,
        fingerprint,
        newValidTo,
        true,
        version,
        newDescription == null ? description : newDescription,
        rotatedAt);
  }

  /** New material for an on-demand rotation, as version {@code number}, not current yet. */
  public static ImportedMaterial forRotation(
      byte[] fingerprint, int number, Instant validTo, String description) {
    return new ImportedMaterial(
        idOf(fingerprint), fingerprint, validTo, true, number, description, null);
  }

  public ImportedMaterial rotatedIn(Instant at) {
    return new ImportedMaterial(
        keyMaterialId, fingerprint, validTo, present, version, description, at);
  }

  public ImportedMaterial deleted() {
    return new ImportedMaterial(
        keyMaterialId, fingerprint, null, false, version, description, rotatedAt);
  }

  /** How the material version of this import came to be: on demand, or (the first) not rotated. */
  public RotationType rotationType() {
    return rotatedAt == null ? null : RotationType.ON_DEMAND;
  }
}
