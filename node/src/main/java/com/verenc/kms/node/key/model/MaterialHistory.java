package com.verenc.kms.node.key.model;

import com.verenc.kms.node.CborSerializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every material version of a key, oldest first; the last one encrypts, all of them decrypt.
 *
 * <p>A key of imported material also has {@code imported}, the current material's record (null
 * otherwise), and no version until that is imported or after it is deleted. {@code otherImports}
 * are the other materials imported into it: earlier ones an on-demand rotation made non-current,
 * and one awaiting its rotation ({@code pendingRotation}, the wrapped material that becomes the
 * next version when the key is rotated).
 */
public record MaterialHistory(
    List<MaterialVersion> versions,
    ImportedMaterial imported,
    List<ImportedMaterial> otherImports,
    MaterialVersion pendingRotation)
    implements CborSerializable {

  public MaterialHistory {
    versions = versions == null ? List.of() : List.copyOf(versions);
    otherImports = otherImports == null ? List.of() : List.copyOf(otherImports);
  }

  public MaterialHistory(List<MaterialVersion> versions, ImportedMaterial imported) {
    this(versions, imported, List.of(), null);
  }

  /** The history of a new key: its first version, or none for a key awaiting its import. */
  public static MaterialHistory of(MaterialVersion first) {
    return new MaterialHistory(first == null ? List.of() : List.of(first), null);
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

  /** How many rotations of this type the key had (of imported material: deleted ones too). */
  public long rotations(RotationType type) {
    if (imported != null) {
      return imports().stream().filter(i -> i.rotationType() == type).count();
    }
    return versions.stream().filter(v -> v.rotationType() == type).count();
  }

  public MaterialHistory with(MaterialVersion next) {
    List<MaterialVersion> all = new ArrayList<>(versions);
    all.add(next);
    return new MaterialHistory(all, imported, otherImports, pendingRotation);
  }

  /** Every material imported into the key, by version; the one awaiting rotation last. */
  public List<ImportedMaterial> imports() {
    return Stream.concat(Stream.ofNullable(imported), otherImports.stream())
        .sorted(Comparator.comparingInt(ImportedMaterial::version))
        .toList();
  }

  /** CURRENT, NON_CURRENT or PENDING_ROTATION, as ListKeyRotations names an imported material. */
  public String stateOf(ImportedMaterial material) {
    if (imported != null && imported.version() == material.version()) {
      return "CURRENT";
    }
    return pendingRotation != null && pendingRotation.version() == material.version()
        ? "PENDING_ROTATION"
        : "NON_CURRENT";
  }

  /** The imported material awaiting an on-demand rotation, if any. */
  public Optional<ImportedMaterial> awaitingRotation() {
    return pendingRotation == null
        ? Optional.empty()
        : otherImports.stream().filter(i -> i.version() == pendingRotation.version()).findFirst();
  }

  /**
   * Material imported (the first, or one imported before, again): its record replaces the one of
   * its version and its version decrypts (and, when current, encrypts) again.
   */
  public MaterialHistory importing(MaterialVersion version, ImportedMaterial material) {
    if (imported == null || imported.version() == material.version()) {
      return new MaterialHistory(withVersion(version), material, otherImports, pendingRotation);
    }
    List<ImportedMaterial> others =
        otherImports.stream().map(i -> i.version() == material.version() ? material : i).toList();
    boolean pending = pendingRotation != null && pendingRotation.version() == version.version();
    return new MaterialHistory(
        pending ? versions : withVersion(version),
        imported,
        others,
        pending ? version : pendingRotation);
  }

  /** New material imported for an on-demand rotation; the key's current material stays current. */
  public MaterialHistory awaitingRotation(MaterialVersion version, ImportedMaterial material) {
    List<ImportedMaterial> others = new ArrayList<>(otherImports);
    others.add(material);
    return new MaterialHistory(versions, imported, others, version);
  }

  /** The material awaiting rotation becomes current at {@code at}; the current one non-current. */
  public MaterialHistory rotatedToImported(Instant at) {
    ImportedMaterial next = awaitingRotation().orElseThrow().rotatedIn(at);
    List<ImportedMaterial> others = new ArrayList<>();
    otherImports.stream().filter(i -> i.version() != next.version()).forEach(others::add);
    others.add(imported);
    MaterialVersion version =
        new MaterialVersion(
            pendingRotation.version(),
            at,
            pendingRotation.wrappedMaterial(),
            RotationType.ON_DEMAND);
    return new MaterialHistory(withVersion(version), next, others, null);
  }

  /**
   * The imported material of {@code version} deleted: its version no longer decrypts; its id and
   * fingerprint are kept. Material awaiting rotation is forgotten altogether.
   */
  public MaterialHistory withoutImport(int version) {
    List<MaterialVersion> remaining =
        versions.stream().filter(v -> v.version() != version).toList();
    if (pendingRotation != null && pendingRotation.version() == version) {
      return new MaterialHistory(
          versions,
          imported,
          otherImports.stream().filter(i -> i.version() != version).toList(),
          null);
    }
    if (imported != null && imported.version() == version) {
      return new MaterialHistory(remaining, imported.deleted(), otherImports, pendingRotation);
    }
    return new MaterialHistory(
        remaining,
        imported,
        otherImports.stream().map(i -> i.version() == version ? i.deleted() : i).toList(),
        pendingRotation);
  }

  /** The earliest ValidTo of material present (null: none expires). */
  public Instant nextExpiry() {
    return imports().stream()
        .filter(ImportedMaterial::present)
        .map(ImportedMaterial::validTo)
        .filter(v -> v != null)
        .min(Comparator.naturalOrder())
        .orElse(null);
  }

  /**
   * This zone's own material, and which material the key's primary zone imported when this zone has
   * imported none yet.
   */
  public MaterialHistory knowing(ImportedMaterial primarys) {
    return imported != null || primarys == null
        ? this
        : new MaterialHistory(versions, primarys, otherImports, pendingRotation);
  }

  private List<MaterialVersion> withVersion(MaterialVersion version) {
    List<MaterialVersion> all = new ArrayList<>();
    versions.stream().filter(v -> v.version() != version.version()).forEach(all::add);
    all.add(version);
    all.sort(Comparator.comparingInt(MaterialVersion::version));
    return all;
  }
}
