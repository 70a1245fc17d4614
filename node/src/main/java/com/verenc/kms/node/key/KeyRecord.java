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
    Instant rotationAnchor,
    Replication replication)
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

  /**
   * Only usable keys rotate, and of a multi-zone set only the primary (replicas receive its
   * versions); a disabled key rotates when it is enabled again, if overdue.
   */
  public Instant nextAutomaticRotation() {
    return enabled && !pendingDeletion() && !isReplica() ? nextRotationDate() : null;
  }

  public boolean isReplica() {
    return replication != null && !replication.isPrimary();
  }

  public boolean isPrimary() {
    return replication != null && replication.isPrimary();
  }

  /** A change to the shared part of a primary: its replicas must receive a new version. */
  KeyRecord sharedChange() {
    return isPrimary() ? withReplication(replication.bumped()) : this;
  }

  KeyRecord withReplication(Replication value) {
    return new KeyRecord(accountId, keyId, createdAt, description, keyUsage, keySpec, origin, keyManager,
        multiRegion, enabled, deletionDate, pendingWindowInDays, tags, policy, materials, rotationEnabled,
        rotationPeriodInDays, rotationAnchor, value);
  }

  /** The shared part as the primary pushes it; the secret is added by the caller. */
  SharedState shared(byte[] secretWrappedUnderMasterKey) {
    return new SharedState(accountId, keyId, replication.version(), createdAt, keyUsage, keySpec, origin, keyManager,
        secretWrappedUnderMasterKey, materials, rotationEnabled, rotationPeriodInDays, rotationAnchor, deletionDate,
        pendingWindowInDays, replication.primaryZone(), replication.replicaZones());
  }

  /**
   * This replica with a newer shared state applied; its own enabled flag, description, tags
   * and policy stay. A deletion cancelled on the primary leaves the replica disabled, as AWS
   * leaves the primary.
   */
  KeyRecord applying(SharedState s, String zone) {
    boolean cancelled = deletionDate != null && s.deletionDate() == null;
    return new KeyRecord(accountId, keyId, createdAt, description, keyUsage, keySpec, origin, keyManager,
        multiRegion, enabled && !cancelled, s.deletionDate(), s.pendingWindowInDays(), tags, policy,
        s.materials(), s.rotationEnabled(), s.rotationPeriodInDays(), s.rotationAnchor(),
        Replication.seenFrom(zone, s.primaryZone(), s.zones(), s.version(), replication.acks()));
  }

  /** A new replica in {@code zone}, from the primary's shared state and the replica's own settings. */
  static KeyRecord replicaOf(SharedState s, Replication.ReplicaSeed seed, String zone, String defaultPolicy) {
    return new KeyRecord(s.accountId(), s.keyId(), s.createdAt(),
        seed == null || seed.description() == null ? "" : seed.description(),
        s.keyUsage(), s.keySpec(), s.origin(), s.keyManager(), true, true, s.deletionDate(),
        s.pendingWindowInDays(), seed == null || seed.tags() == null ? Map.of() : new TreeMap<>(seed.tags()),
        seed == null || seed.policy() == null ? defaultPolicy : seed.policy(), s.materials(), s.rotationEnabled(),
        s.rotationPeriodInDays(), s.rotationAnchor(),
        Replication.seenFrom(zone, s.primaryZone(), s.zones(), s.version(), Map.of()));
  }

  public long onDemandRotations() {
    return materials.stream().filter(m -> MaterialVersion.ON_DEMAND.equals(m.rotationType())).count();
  }

  KeyRecord withEnabled(boolean value) {
    return new KeyRecord(accountId, keyId, createdAt, description, keyUsage, keySpec, origin, keyManager,
        multiRegion, value, deletionDate, pendingWindowInDays, tags, policy, materials, rotationEnabled,
        rotationPeriodInDays, rotationAnchor, replication);
  }

  KeyRecord withDeletion(Instant date, Integer windowDays) {
    return new KeyRecord(accountId, keyId, createdAt, description, keyUsage, keySpec, origin, keyManager,
        multiRegion, enabled, date, windowDays, tags, policy, materials, rotationEnabled,
        rotationPeriodInDays, rotationAnchor, replication);
  }

  KeyRecord withDescription(String value) {
    return new KeyRecord(accountId, keyId, createdAt, value, keyUsage, keySpec, origin, keyManager,
        multiRegion, enabled, deletionDate, pendingWindowInDays, tags, policy, materials, rotationEnabled,
        rotationPeriodInDays, rotationAnchor, replication);
  }

  KeyRecord withTags(Map<String, String> value) {
    return new KeyRecord(accountId, keyId, createdAt, description, keyUsage, keySpec, origin, keyManager,
        multiRegion, enabled, deletionDate, pendingWindowInDays, new TreeMap<>(value), policy, materials,
        rotationEnabled, rotationPeriodInDays, rotationAnchor, replication);
  }

  KeyRecord withPolicy(String value) {
    return new KeyRecord(accountId, keyId, createdAt, description, keyUsage, keySpec, origin, keyManager,
        multiRegion, enabled, deletionDate, pendingWindowInDays, tags, value, materials, rotationEnabled,
        rotationPeriodInDays, rotationAnchor, replication);
  }

  KeyRecord withRotation(boolean enabledValue, int periodDays, Instant anchor) {
    return new KeyRecord(accountId, keyId, createdAt, description, keyUsage, keySpec, origin, keyManager,
        multiRegion, enabled, deletionDate, pendingWindowInDays, tags, policy, materials, enabledValue,
        periodDays, anchor, replication);
  }

  KeyRecord withMaterial(MaterialVersion version) {
    List<MaterialVersion> all = new ArrayList<>(materials);
    all.add(version);
    Instant anchor = MaterialVersion.AUTOMATIC.equals(version.rotationType()) ? version.createdAt() : rotationAnchor;
    return new KeyRecord(accountId, keyId, createdAt, description, keyUsage, keySpec, origin, keyManager,
        multiRegion, enabled, deletionDate, pendingWindowInDays, tags, policy, List.copyOf(all),
        rotationEnabled, rotationPeriodInDays, anchor, replication);
  }
}
