package com.verenc.kms.node.key;

import com.verenc.kms.node.grant.Grant;
import com.verenc.kms.node.grant.GrantIndex;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** The grant index as rows in memory, for key entities run alone. */
final class MemoryGrantIndex implements GrantIndex {
  /** One row: the account and retiring principal of a key's grant. */
  record Row(String accountId, String retiringPrincipal) {}

  private static final Comparator<Entry> ORDER =
      Comparator.comparing(Entry::keyId).thenComparing(Entry::grantId);

  final Map<Entry, Row> rows = new ConcurrentSkipListMap<>(ORDER);

  @Override
  public void add(String accountId, String keyId, Grant grant) {
    if (grant.retiringPrincipal() != null) {
      rows.put(
          new Entry(accountId, keyId, grant.grantId()),
          new Row(accountId, grant.retiringPrincipal()));
    }
  }

  @Override
  public void remove(String keyId, String grantId) {
    rows.keySet().removeIf(e -> e.keyId().equals(keyId) && e.grantId().equals(grantId));
  }

  @Override
  public void repair(String accountId, String keyId, List<Grant> grants) {
    removeKey(keyId);
    grants.forEach(g -> add(accountId, keyId, g));
  }

  @Override
  public void removeKey(String keyId) {
    rows.keySet().removeIf(e -> e.keyId().equals(keyId));
  }

  @Override
  public List<Entry> retirableBy(String retiringPrincipal, Entry from, int limit) {
    return rows.entrySet().stream()
        .filter(e -> e.getValue().retiringPrincipal().equals(retiringPrincipal))
        .map(Map.Entry::getKey)
        .filter(e -> from == null || ORDER.compare(e, from) >= 0)
        .limit(limit)
        .toList();
  }

  /** The grant ids listed for {@code keyId}. */
  List<String> grantsOf(String keyId) {
    return rows.keySet().stream().filter(e -> e.keyId().equals(keyId)).map(Entry::grantId).toList();
  }
}
