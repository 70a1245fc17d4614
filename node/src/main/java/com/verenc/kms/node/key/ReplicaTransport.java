package com.verenc.kms.node.key;

import com.verenc.kms.node.replication.ReplicaSeed;
import com.verenc.kms.node.replication.SharedState;
import java.util.concurrent.CompletionStage;

/**
 * Delivers a multi-zone key's shared state to the key's entity in another zone, and a replica's
 * version to its primary.
 */
public interface ReplicaTransport {

  /**
   * The version the zone holds after taking {@code state}; fails when it did not answer in time.
   */
  CompletionStage<Integer> push(String zone, SharedState state, ReplicaSeed seed);

  /**
   * Tells the key's entity in {@code zone} (its primary's) what this zone holds; nobody waits for
   * an answer, and a lost notice is made up for by the zones' anti-entropy.
   */
  void report(String zone, String keyId, KeyNotice.ReplicaHolds held);
}
