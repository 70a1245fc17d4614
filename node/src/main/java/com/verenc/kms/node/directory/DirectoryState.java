package com.verenc.kms.node.directory;

import com.verenc.kms.node.CborSerializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An account's keys (in creation order) and aliases (by name) in one zone. */
public record DirectoryState(List<String> keyIds, Map<String, AliasEntry> aliases)
    implements CborSerializable {

  /** Snapshots (a plain array of ids) are read back into the persistent {@link KeyIdList}. */
  public DirectoryState {
    keyIds = KeyIdList.of(keyIds);
  }

  public static DirectoryState empty() {
    return new DirectoryState(KeyIdList.empty(), Map.of());
  }

  DirectoryState withKey(String keyId) {
    KeyIdList keys = (KeyIdList) keyIds;
    KeyIdList added = keys.with(keyId);
    return added == keys ? this : new DirectoryState(added, aliases);
  }

  /** Forgets a destroyed key and every alias that pointed to it. */
  DirectoryState withoutKey(String keyId) {
    Map<String, AliasEntry> remaining = new TreeMap<>(aliases);
    remaining.values().removeIf(a -> a.targetKeyId().equals(keyId));
    return new DirectoryState(((KeyIdList) keyIds).without(keyId), remaining);
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
