package com.verenc.kms.node.key;

import com.verenc.kms.node.schedule.KeySchedule;
import com.verenc.kms.node.secrets.KeySecretStore;
import java.time.Clock;
import java.time.Duration;

/** What every key entity of a node shares: its zone, the clock, the stores, who to tell. */
public record KeyEntityContext(
    String zone,
    Clock clock,
    KeySecretStore secrets,
    KeySchedule schedule,
    Duration pushTimeout,
    Duration maxPushBackoff,
    KeyDestroyedListener onDestroyed,
    ReplicaCreatedListener onReplicaCreated) {

  /** Told when a key has been destroyed, so the account directory can forget it. */
  @FunctionalInterface
  public interface KeyDestroyedListener {
    void keyDestroyed(String accountId, String keyId);
  }

  /** Told when a replica has come to exist in this zone, so the account directory lists it. */
  @FunctionalInterface
  public interface ReplicaCreatedListener {
    void replicaCreated(String accountId, String keyId);
  }
}
