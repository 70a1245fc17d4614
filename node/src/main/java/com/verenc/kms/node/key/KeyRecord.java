package com.verenc.kms.node.key;

import com.verenc.kms.node.CborSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the zone knows about one live key; immutable, changed only by folding events.
 * Automatic rotation counts {@code rotationPeriodInDays} from {@code rotationAnchor}: the
 * moment rotation was last enabled or the key was last rotated automatically.
 */
public record KeyRecord(
    String accountId,
    String keyId,
    Instant createdAt,
    String description,
    String keyUsage,
    String keySpec,
    String origin,
    String keyManager,
    boolean multiRegion,
    boolean enabled,
    Instant deletionDate,
    Integer pendingWindowInDays,
    Map<String, String> tags,
    String policy,
    List<MaterialVersion> materials,
    boolean rotationEnabled,
    int rotationPeriodInDays,
    Instant rotationAnchor)
    implements CborSerializable {

  public boolean pendingDeletion() {
    return deletionDate != null;
  }

  public MaterialVersion currentMaterial() {
    return materials.get(materials.size() - 1);
  }

  /** When automatic rotation will next happen; null while it is disabled. */
  public Instant nextRotationDate() {
    return rotationEnabled ? rotationAnchor.plus(Duration.ofDays(rotationPeriodInDays)) : null;
  }

  /** Only usable keys rotate; a disabled key rotates when it is enabled again, if overdue. */
  public Instant nextAutomaticRotation() {
    return enabled && !pendingDeletion() ? nextRotationDate() : null;
  }

  public long onDemandRotations() {
    return materials.stream().filter(m -> MaterialVersion.ON_DEMAND.equals(m.rotationType())).count();
  }

  KeyRecord withEnabled(boolean value) {
    return new KeyRecord(accountId, keyId, createdAt, description, keyUsage, keySpec, origin, keyManager,
        multiRegion, value, deletionDate, pendingWindowInDays, tags, policy, materials, rotationEnabled,
        rotationPeriodInDays, rotationAnchor);
  }

  KeyRecord withDeletion(Instant date, Integer windowDays) {
    return new KeyRecord(accountId, keyId, createdAt, description, keyUsage, keySpec, origin, keyManager,
        multiRegion, enabled, date, windowDays, tags, policy, materials, rotationEnabled,
        rotationPeriodInDays, rotationAnchor);
  }

  KeyRecord withDescription(String value) {
    return new KeyRecord(accountId, keyId, createdAt, value, keyUsage, keySpec, origin, keyManager,
        multiRegion, enabled, deletionDate, pendingWindowInDays, tags, policy, materials, rotationEnabled,
        rotationPeriodInDays, rotationAnchor);
  }

  KeyRecord withTags(Map<String, String> value) {
    return new KeyRecord(accountId, keyId, createdAt, description, keyUsage, keySpec, origin, keyManager,
        multiRegion, enabled, deletionDate, pendingWindowInDays, new TreeMap<>(value), policy, materials,
        rotationEnabled, rotationPeriodInDays, rotationAnchor);
  }

  KeyRecord withPolicy(String value) {
    return new KeyRecord(accountId, keyId, createdAt, description, keyUsage, keySpec, origin, keyManager,
        multiRegion, enabled, deletionDate, pendingWindowInDays, tags, value, materials, rotationEnabled,
        rotationPeriodInDays, rotationAnchor);
  }

  KeyRecord withRotation(boolean enabledValue, int periodDays, Instant anchor) {
    return new KeyRecord(accountId, keyId, createdAt, description, keyUsage, keySpec, origin, keyManager,
        multiRegion, enabled, deletionDate, pendingWindowInDays, tags, policy, materials, enabledValue,
        periodDays, anchor);
  }

  KeyRecord withMaterial(MaterialVersion version) {
    List<MaterialVersion> all = new ArrayList<>(materials);
    all.add(version);
    Instant anchor = MaterialVersion.AUTOMATIC.equals(version.rotationType()) ? version.createdAt() : rotationAnchor;
    return new KeyRecord(accountId, keyId, createdAt, description, keyUsage, keySpec, origin, keyManager,
        multiRegion, enabled, deletionDate, pendingWindowInDays, tags, policy, List.copyOf(all),
        rotationEnabled, rotationPeriodInDays, anchor);
  }
}
