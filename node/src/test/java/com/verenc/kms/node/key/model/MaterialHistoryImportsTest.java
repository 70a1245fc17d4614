package com.verenc.kms.node.key.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The material history of a key of imported material: a rotation to imported material, deleting and
 * importing again one version without touching the others, expiry dates and the on-demand rotation
 * count.
 */
class MaterialHistoryImportsTest {
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

  private static MaterialVersion version(int number) {
    return new MaterialVersion(number, T0, new byte[] {(byte) number}, null);
  }

  private static byte[] fingerprint(int n) {
    byte[] f = new byte[32];
    f[0] = (byte) n;
    return f;
  }

  private static List<Integer> numbers(MaterialHistory h) {
    return h.versions().stream().map(MaterialVersion::version).toList();
  }

  private final ImportedMaterial first = ImportedMaterial.first(fingerprint(1), null, "first");
  private final MaterialHistory one = MaterialHistory.of(null).importing(version(1), first);

  @Test
  void aRotationMakesThePendingMaterialCurrentAndKeepsTheOldOneDecrypting() {
    Instant expires = T0.plusSeconds(3600);
    ImportedMaterial next = ImportedMaterial.forRotation(fingerprint(2), 2, expires, "second");
    MaterialHistory pending = one.awaitingRotation(version(2), next);
    assertEquals(List.of(1), numbers(pending), "material awaiting rotation does not encrypt");
    assertEquals(2, pending.awaitingRotation().orElseThrow().version());
    assertEquals(expires, pending.nextExpiry());

    MaterialHistory rotated = pending.rotatedToImported(T0.plusSeconds(60));
    assertEquals(List.of(1, 2), numbers(rotated));
    assertEquals(2, rotated.current().version());
    assertEquals(RotationType.ON_DEMAND, rotated.current().rotationType());
    assertEquals(2, rotated.imported().version());
    assertEquals(T0.plusSeconds(60), rotated.imported().rotatedAt());
    assertTrue(rotated.awaitingRotation().isEmpty());
    assertEquals(1, rotated.rotations(RotationType.ON_DEMAND));

    MaterialHistory withoutFirst = rotated.withoutImport(1);
    assertEquals(List.of(2), numbers(withoutFirst));
    assertFalse(withoutFirst.imports().get(0).present());
    assertEquals(1, withoutFirst.rotations(RotationType.ON_DEMAND), "the count outlives deletion");

    MaterialHistory back =
        withoutFirst.importing(version(1), withoutFirst.imports().get(0).reimported(null, null));
    assertEquals(List.of(1, 2), numbers(back));
    assertEquals(2, back.current().version(), "an earlier material back does not encrypt");
    assertEquals("first", back.imports().get(0).description());

    MaterialHistory currentGone = back.withoutImport(2);
    assertEquals(List.of(1), numbers(currentGone));
    assertFalse(currentGone.imported().present());
    assertNull(currentGone.imported().validTo());
    assertNull(currentGone.nextExpiry());
  }

  @Test
  void materialAwaitingRotationIsForgottenWhenDeleted() {
    MaterialHistory pending =
        one.awaitingRotation(
            version(2), ImportedMaterial.forRotation(fingerprint(2), 2, null, null));
    MaterialHistory dropped = pending.withoutImport(2);
    assertEquals(List.of(first), dropped.imports());
    assertNull(dropped.pendingRotation());
  }

  @Test
  void aReplicaKnowsThePrimarysMaterialUntilItImportsItsOwn() {
    ImportedMaterial primarys = ImportedMaterial.known(fingerprint(1));
    MaterialHistory replica = MaterialHistory.of(null).knowing(primarys);
    assertTrue(replica.isEmpty());
    assertEquals(first.keyMaterialId(), replica.imported().keyMaterialId());
    MaterialHistory imported = replica.importing(version(1), primarys.reimported(null, null));
    assertEquals(imported, imported.knowing(primarys), "its own material stays");
  }
}
