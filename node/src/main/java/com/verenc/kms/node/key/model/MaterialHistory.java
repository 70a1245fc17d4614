package com.verenc.kms.node.key.model;

import com.verenc.kms.node.CborSerializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every material version of a key, oldest first; the last one encrypts, all of them decrypt. */
public record MaterialHistory(List<MaterialVersion> versions) implements CborSerializable {

  public MaterialHistory {
    versions = List.copyOf(versions);
  }

  public static MaterialHistory of(MaterialVersion first) {
    return new MaterialHistory(List.of(first));
  }

  public MaterialVersion current() {
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
    return new MaterialHistory(all);
  }
}
