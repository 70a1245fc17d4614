package com.verenc.kms.node.key;

import com.verenc.kms.node.CborSerializable;
import com.verenc.kms.node.key.model.UsageRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What each zone holds for itself about a key: whether it is enabled, its description, tags and
 * policy, and what it has recorded of the key's use ({@code usage} null for a key created before
 * usage was tracked, until its first recorded use).
 */
public record KeySettings(
    boolean enabled, String description, Map<String, String> tags, String policy, UsageRecord usage)
    implements CborSerializable {

  public KeySettings {
    description = description == null ? "" : description;
    tags = tags == null ? Map.of() : new TreeMap<>(tags);
  }

  public KeySettings(boolean enabled, String description, Map<String, String> tags, String policy) {
    this(enabled, description, tags, policy, null);
  }

  /** These settings for a key created at {@code createdAt}, whose use is tracked from then. */
  KeySettings trackedFrom(Instant createdAt) {
    return withUsage(new UsageRecord(createdAt, null));
  }

  KeySettings withUsage(UsageRecord value) {
    return new KeySettings(enabled, description, tags, policy, value);
  }

  KeySettings withEnabled(boolean value) {
    return new KeySettings(value, description, tags, policy, usage);
  }

  KeySettings withDescription(String value) {
    return new KeySettings(enabled, value, tags, policy, usage);
  }

  KeySettings withTags(Map<String, String> added) {
    Map<String, String> all = new HashMap<>(tags);
    all.putAll(added);
    return new KeySettings(enabled, description, all, policy, usage);
  }

  KeySettings withoutTags(List<String> keys) {
    Map<String, String> all = new HashMap<>(tags);
    keys.forEach(all::remove);
    return new KeySettings(enabled, description, all, policy, usage);
  }

  KeySettings withPolicy(String value) {
    return new KeySettings(enabled, description, tags, value, usage);
  }
}
