package com.verenc.kms.node.key;

import com.verenc.kms.node.schedule.KeySchedule;
import com.verenc.kms.node.secrets.KeySecretStore;
import java.time.Clock;

/** What every key entity of a node shares: its zone, the clock, the stores, who to tell. */
public record KeyEntityContext(
    String zone, Clock clock, KeySecretStore secrets, KeySchedule schedule, KeyDestroyedListener onDestroyed) {

  /** Told when a key has been destroyed, so the account directory can forget it. */
  @FunctionalInterface
  public interface KeyDestroyedListener {
    void keyDestroyed(String accountId, String keyId);
  }
}
