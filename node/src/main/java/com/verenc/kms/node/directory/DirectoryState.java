package com.verenc.kms.node.directory;

import com.verenc.kms.node.CborSerializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An account's keys (in creation order) and aliases (by name) in one zone. */
public record DirectoryState(List<String> keyIds, Map<String, AliasEntry> aliases) implements CborSerializable {

  public static DirectoryState empty() {
    return new DirectoryState(List.of(), Map.of());
  }

  DirectoryState withKey(String keyId) {
    if (keyIds.contains(keyId)) {
      return this;
    }
    List<String> keys = new ArrayList<>(keyIds);
    keys.add(keyId);
    return new DirectoryState(List.copyOf(keys), aliases);
  }

  /** Forgets a destroyed key and every alias that pointed to it. */
  DirectoryState withoutKey(String keyId) {
    List<String> keys = new ArrayList<>(keyIds);
    keys.remove(keyId);
    Map<String, AliasEntry> remaining = new TreeMap<>(aliases);
    remaining.values().removeIf(a -> a.targetKeyId().equals(keyId));
    return new DirectoryState(List.copyOf(keys), remaining);
  }

  DirectoryState withAlias(AliasEntry alias) {
    Map<String, AliasEntry> all = new TreeMap<>(aliases);
    all.put(alias.aliasName(), alias);
    return new DirectoryState(keyIds, all);
  }

  DirectoryState withoutAlias(String aliasName) {
    Map<String, AliasEntry> all = new TreeMap<>(aliases);
    all.remove(aliasName);
    return new DirectoryState(keyIds, all);
  }
}
