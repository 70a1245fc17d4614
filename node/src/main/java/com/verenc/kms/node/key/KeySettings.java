package com.verenc.kms.node.key;

import com.verenc.kms.node.CborSerializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What each zone holds for itself about a key: whether it is enabled, its description, tags and
 * policy.
 */
public record KeySettings(
    boolean enabled, String description, Map<String, String> tags, String policy)
    implements CborSerializable {

  public KeySettings {
    description = description == null ? "" : description;
    // Most keys have no tags: the shared empty map, not a TreeMap each.
    tags = tags == null || tags.isEmpty() ? Map.of() : new TreeMap<>(tags);
    // An account's keys mostly carry one policy document (the default names the account): one
    // copy serves them all, where each resident key held its own (~0.25 KB).
    policy = policy == null ? null : policy.intern();
  }

  KeySettings withEnabled(boolean value) {
    return new KeySettings(value, description, tags, policy);
  }

  KeySettings withDescription(String value) {
    return new KeySettings(enabled, value, tags, policy);
  }

  KeySettings withTags(Map<String, String> added) {
    Map<String, String> all = new HashMap<>(tags);
    all.putAll(added);
    return new KeySettings(enabled, description, all, policy);
  }

  KeySettings withoutTags(List<String> keys) {
    Map<String, String> all = new HashMap<>(tags);
    keys.forEach(all::remove);
    return new KeySettings(enabled, description, all, policy);
  }

  KeySettings withPolicy(String value) {
    return new KeySettings(enabled, description, tags, value);
  }
}
