package com.verenc.kms.node.grant;

import java.util.List;

/**
 * The zone's index of grants by retiring principal, for ListRetirableGrants across an account's
 * keys without asking each key. The keys' state is the authority: key entities write it after each
 * persisted change and repair their rows when they recover. Its methods block; key entities call
 * them off their own thread.
 */
public interface GrantIndex {

  /**
   * A grant of a key, as the index lists it.
   *
   * @param accountId the account that owns the key; null in an entry that only marks where a page
   *     starts
   */
  record Entry(String accountId, String keyId, String grantId) {}

  /** Lists a grant with a retiring principal (again: writing a listed grant changes nothing). */
  void add(String accountId, String keyId, Grant grant);

  /** Forgets a retired or revoked grant. */
  void remove(String keyId, String grantId);

  /** Makes the key's rows exactly its grants that have a retiring principal. */
  void repair(String accountId, String keyId, List<Grant> grants);

  /** Forgets every grant of a destroyed key. */
  void removeKey(String keyId);

  /**
   * Up to {@code limit} grants that {@code retiringPrincipal} retires, on keys of any account (a
   * key's owner may name a principal of another account), in key and grant id order, from {@code
   * from} on (null: from the first).
   */
  List<Entry> retirableBy(String retiringPrincipal, Entry from, int limit);
}
