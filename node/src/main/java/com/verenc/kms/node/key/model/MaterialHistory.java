package com.verenc.kms.node.key.model;

import com.verenc.kms.node.CborSerializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every material version of a key, oldest first; the last one encrypts, all of them decrypt. A key
 * of imported material also has {@code imported} (null otherwise), and no version until its
 * material is imported or after it is deleted.
 */
public record MaterialHistory(List<MaterialVersion> versions, ImportedMaterial imported)
    implements CborSerializable {

  public MaterialHistory {
    versions = versions == null ? List.of() : List.copyOf(versions);
  }

  /** The history of a new key: its first version, or none for a key awaiting its import. */
  public static MaterialHistory of(MaterialVersion first) {
    return new MaterialHistory(first == null ? List.of() : List.of(first), null);
  }

  /** The material just imported, as version 1 (the same material imported again is the same). */
  public static MaterialHistory imported(MaterialVersion version, ImportedMaterial imported) {
    return new MaterialHistory(List.of(version), imported);
  }

  public boolean isEmpty() {
    return versions.isEmpty();
  }

  /**
   * @throws IllegalStateException for a key without material (awaiting its import)
   */
  public MaterialVersion current() {
    if (versions.isEmpty()) {
      throw new IllegalStateException("the key has no material");
    }
    return versions.get(versions.size() - 1);
  }

  public Optional<MaterialVersion> version(int number) {
    return versions.stream().filter(v -> v.version() == number).findFirst();
  }

  public long rotations(RotationType type) {
    return versions.stream().filter(v -> v.rotationType() == type).count();
  }

  public MaterialHistory with(MaterialVersion next) {
    List<MaterialVersion> all = new ArrayList<>(versions);
    all.add(next);
    return new MaterialHistory(all, imported);
  }

  /**
   * This zone's own material, and which material the key's primary zone imported when this zone has
   * imported none yet.
   */
  public MaterialHistory knowing(ImportedMaterial primarys) {
    return imported != null || primarys == null ? this : new MaterialHistory(versions, primarys);
  }

  /** The imported material deleted: no version left; its id and fingerprint are kept. */
  public MaterialHistory withoutImportedMaterial() {
    return new MaterialHistory(List.of(), imported == null ? null : imported.deleted());
  }
}
