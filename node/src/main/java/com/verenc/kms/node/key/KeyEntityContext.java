package com.verenc.kms.node.key;

import com.verenc.kms.node.schedule.KeySchedule;
import com.verenc.kms.protocol.Arns;
import com.verenc.kms.node.secrets.KeySecretStore;
import java.time.Clock;
import java.time.Duration;

/** What every key entity of a node shares: its zone and how it names keys, the clock, the stores, who to tell. */
public record KeyEntityContext(
    String zone,
    Arns arns,
    Clock clock,
    KeySecretStore secrets,
    KeySchedule schedule,
    Duration pushTimeout,
    Duration maxPushBackoff,
    KeyDestroyedListener onDestroyed,
    KeyPresentListener onKeyPresent) {

  /** Told when a key has been destroyed, so the account directory can forget it. */
  @FunctionalInterface
  public interface KeyDestroyedListener {
    void keyDestroyed(String accountId, String keyId);
  }

  /**
   * Told when a key is known to exist in this zone (created, a replica arrived, or any live key
   * recovered), so the account directory lists it even if an earlier registration was lost.
   */
  @FunctionalInterface
  public interface KeyPresentListener {
    void keyPresent(String accountId, String keyId);
  }
}
