package com.verenc.kms.node.key;

import com.verenc.kms.crypto.KeySpec;
import com.verenc.kms.node.key.KeyCommand.ImportMaterial;
import com.verenc.kms.node.key.model.ImportedMaterial;
import com.verenc.kms.node.key.model.MaterialHistory;
import com.verenc.kms.node.key.model.MaterialVersion;
import com.verenc.kms.protocol.ErrorCode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an ImportKeyMaterial of unwrapped, valid material means for a key: the first material,
 * material imported before coming back (EXISTING_KEY_MATERIAL, the default once a key has had
 * material), or new material for an on-demand rotation (NEW_KEY_MATERIAL on a symmetric key that
 * has material). Which import is which is told by the material's fingerprint, never by trust in the
 * request.
 */
final class MaterialImports {
  static final String NEW = "NEW_KEY_MATERIAL";
  static final String EXISTING = "EXISTING_KEY_MATERIAL";

  /** The event an import makes, or why it is refused. */
  record Outcome(KeyEvent event, String keyMaterialId, Rejection rejection) {
    static Outcome refused(ErrorCode code, String message) {
      return new Outcome(null, null, new Rejection(code, message));
    }
  }

  private final KeyMaterials materials;
  private final Rejections rejections;

  MaterialImports(KeyMaterials materials, Rejections rejections) {
    this.materials = materials;
    this.rejections = rejections;
  }

  Outcome decide(KeyRecord key, ImportMaterial cmd, byte[] material, Instant now) {
    KeySpec spec = key.identity().type().primitive();
    MaterialHistory history = key.materials();
    List<ImportedMaterial> known = history.imports();
    if (known.isEmpty() && key.isReplica()) {
      return Outcome.refused(
          ErrorCode.INVALID_STATE,
          arn(key)
              + " is a replica: import the key material into its primary key in "
              + key.replication().primaryZone()
              + " first, then the same material here.");
    }
    Optional<ImportedMaterial> same =
        known.stream()
            .filter(i -> materials.sameMaterial(spec, material, i.fingerprint()))
            .findFirst();
    String type = cmd.importType() != null ? cmd.importType() : known.isEmpty() ? NEW : EXISTING;
    if (known.isEmpty()) {
      if (EXISTING.equals(type)) {
        return Outcome.refused(
            ErrorCode.VALIDATION,
            "No key material was imported into "
                + arn(key)
                + " yet: import its first material with ImportType NEW_KEY_MATERIAL (or omit "
                + "ImportType).");
      }
      ImportedMaterial first =
          ImportedMaterial.first(
              materials.fingerprint(spec, material), cmd.validTo(), cmd.description());
      return imported(first, materials.add(material, 1, now, null));
    }
    return NEW.equals(type)
        ? newMaterial(key, cmd, material, same, now)
        : existingMaterial(key, cmd, material, same, now);
  }

  private Outcome existingMaterial(
      KeyRecord key,
      ImportMaterial cmd,
      byte[] material,
      Optional<ImportedMaterial> same,
      Instant now) {
    if (same.isEmpty()) {
      return Outcome.refused(
          ErrorCode.INCORRECT_KEY_MATERIAL,
          "This is not key material imported into "
              + arn(key)
              + " before"
              + (key.isReplica() ? " (or into its primary key)" : "")
              + ": a key takes again only material it had; new material for a rotation needs "
              + "ImportType NEW_KEY_MATERIAL.");
    }
    ImportedMaterial before = same.get();
    if (cmd.keyMaterialId() != null && !cmd.keyMaterialId().equals(before.keyMaterialId())) {
      return Outcome.refused(
          ErrorCode.INCORRECT_KEY_MATERIAL,
          "This key material's KeyMaterialId is "
              + before.keyMaterialId()
              + ", not "
              + cmd.keyMaterialId()
              + ": send the material that KeyMaterialId names (ListKeyRotations lists them).");
    }
    ImportedMaterial again = before.reimported(cmd.validTo(), cmd.description());
    return imported(again, materials.add(material, again.version(), now, again.rotationType()));
  }

  private Outcome newMaterial(
      KeyRecord key,
      ImportMaterial cmd,
      byte[] material,
      Optional<ImportedMaterial> same,
      Instant now) {
    if (!key.identity().type().rotates()) {
      return Outcome.refused(
          ErrorCode.UNSUPPORTED_OPERATION,
          "ImportType NEW_KEY_MATERIAL on a key that has material is an on-demand rotation, which "
              + "only symmetric encryption keys (SYMMETRIC_DEFAULT) have; "
              + arn(key)
              + " is a "
              + key.identity().keySpec()
              + " key: import its material with ImportType EXISTING_KEY_MATERIAL.");
    }
    if (key.identity().multiRegion()) {
      return Outcome.refused(
          ErrorCode.UNSUPPORTED_OPERATION,
          "Rotating the imported material of a multi-zone key is not supported: "
              + arn(key)
              + " keeps the material first imported; import it with ImportType "
              + "EXISTING_KEY_MATERIAL.");
    }
    if (same.isPresent()) {
      return Outcome.refused(
          ErrorCode.INCORRECT_KEY_MATERIAL,
          "This key material was imported into "
              + arn(key)
              + " before, as KeyMaterialId "
              + same.get().keyMaterialId()
              + ": import it with ImportType EXISTING_KEY_MATERIAL, or rotate to material the key "
              + "never had.");
    }
    Optional<ImportedMaterial> pending = key.materials().awaitingRotation();
    if (pending.isPresent()) {
      return Outcome.refused(
          ErrorCode.INVALID_STATE,
          arn(key)
              + " already has key material awaiting rotation (KeyMaterialId "
              + pending.get().keyMaterialId()
              + "): call RotateKeyOnDemand to make it current, or delete it with "
              + "DeleteImportedKeyMaterial and that KeyMaterialId.");
    }
    if (key.awaitingImport(now)) {
      return Outcome.refused(
          ErrorCode.INVALID_STATE,
          arn(key)
              + " has no current key material: import it again (ImportType EXISTING_KEY_MATERIAL) "
              + "before importing material for a rotation.");
    }
    int number =
        key.materials().imports().stream().mapToInt(ImportedMaterial::version).max().orElse(0) + 1;
    ImportedMaterial next =
        ImportedMaterial.forRotation(
            materials.fingerprint(key.identity().type().primitive(), material),
            number,
            cmd.validTo(),
            cmd.description());
    MaterialVersion version = materials.add(material, number, now, null);
    return new Outcome(
        new KeyEvent.RotationMaterialImported(now, version, next), next.keyMaterialId(), null);
  }

  private static Outcome imported(ImportedMaterial material, MaterialVersion version) {
    return new Outcome(
        new KeyEvent.MaterialImported(version.createdAt(), version, material),
        material.keyMaterialId(),
        null);
  }

  private String arn(KeyRecord key) {
    return rejections.arn(key);
  }
}
