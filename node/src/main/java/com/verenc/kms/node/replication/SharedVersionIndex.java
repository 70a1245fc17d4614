package com.verenc.kms.node.replication;

import java.util.List;
import java.util.Map;

/**
 * A zone's index of the shared-state versions its multi-zone keys hold, per other zone of each
 * key's set (see {@link SharedVersion}), so two zones can compare their keys' versions without
 * waking every key. Key entities keep it in step with their journal, which stays the authority; it
 * lives in the zone's database, so a restored database brings back the versions it really holds.
 * Its methods block; key entities call them off their own thread.
 */
public interface SharedVersionIndex {

  /**
   * Replaces the key's rows with {@code rows} (none: the key has no row) as of its journal position
   * {@code seqNr}: rows written from a later position are left as they are.
   */
  void record(String keyId, long seqNr, List<SharedVersion> rows);

  /** As {@link #record}, but reads first and writes only when the rows differ. */
  void ensure(String keyId, long seqNr, List<SharedVersion> rows);

  /** Removes the rows of a destroyed key. */
  void remove(String keyId);

  /**
   * The version of every key this zone holds in {@code role} towards {@code peerZone}, by key id.
   */
  Map<String, Integer> versions(String peerZone, Role role);
}
