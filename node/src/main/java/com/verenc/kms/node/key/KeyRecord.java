package com.verenc.kms.node.key;

import com.verenc.kms.node.CborSerializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Everything the zone knows about one live key; immutable, changed only by folding events. */
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
    int rotationPeriodInDays)
    implements CborSerializable {

  public boolean pendingDeletion() {
    return deletionDate != null;
  }

  public MaterialVersion currentMaterial() {
    return materials.get(materials.size() - 1);
  }

  KeyRecord withEnabled(boolean value) {
    return new KeyRecord(accountId, keyId, createdAt, description, keyUsage, keySpec, origin, keyManager,
        multiRegion, value, deletionDate, pendingWindowInDays, tags, policy, materials, rotationEnabled,
        rotationPeriodInDays);
  }

  KeyRecord withDeletion(Instant date, Integer windowDays) {
    return new KeyRecord(accountId, keyId, createdAt, description, keyUsage, keySpec, origin, keyManager,
        multiRegion, enabled, date, windowDays, tags, policy, materials, rotationEnabled,
        rotationPeriodInDays);
  }

  KeyRecord withDescription(String value) {
    return new KeyRecord(accountId, keyId, createdAt, value, keyUsage, keySpec, origin, keyManager,
        multiRegion, enabled, deletionDate, pendingWindowInDays, tags, policy, materials, rotationEnabled,
        rotationPeriodInDays);
  }

  KeyRecord withTags(Map<String, String> value) {
    return new KeyRecord(accountId, keyId, createdAt, description, keyUsage, keySpec, origin, keyManager,
        multiRegion, enabled, deletionDate, pendingWindowInDays, new TreeMap<>(value), policy, materials,
        rotationEnabled, rotationPeriodInDays);
  }

  KeyRecord withPolicy(String value) {
    return new KeyRecord(accountId, keyId, createdAt, description, keyUsage, keySpec, origin, keyManager,
        multiRegion, enabled, deletionDate, pendingWindowInDays, tags, value, materials, rotationEnabled,
        rotationPeriodInDays);
  }

  KeyRecord withMaterial(MaterialVersion version) {
    List<MaterialVersion> all = new ArrayList<>(materials);
    all.add(version);
    return new KeyRecord(accountId, keyId, createdAt, description, keyUsage, keySpec, origin, keyManager,
        multiRegion, enabled, deletionDate, pendingWindowInDays, tags, policy, List.copyOf(all),
        rotationEnabled, rotationPeriodInDays);
  }
}
