package com.verenc.kms.node.key;

import com.verenc.kms.node.auth.IdentityPolicy;
import com.verenc.kms.node.auth.Principal;
import com.verenc.kms.node.grant.GrantIndex;
import com.verenc.kms.node.replication.SharedVersionIndex;
import com.verenc.kms.node.replication.UnacknowledgedPushes;
import com.verenc.kms.protocol.Arns;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * What every key entity of a node shares: its zone and how it names keys, the clock, the ports to
 * the zone database and to other zones, where blocking work runs, and who to tell.
 *
 * @param blockingIo runs the database calls of the ports, never on an entity's own thread
 * @param replicationLag told, per replica zone, how long it lacked a version it now acknowledged
 * @param unacknowledgedPushes the node's record of pushes sent and not yet acknowledged, per zone
 * @param identityPolicies the identity policies of a user or role as the node's credentials say now
 *     (none for one they do not name)
 * @param grantIndex the zone's index of grants by retiring principal (ListRetirableGrants)
 */
public record KeyEntityContext(
    String zone,
    Arns arns,
    Clock clock,
    SecretVault secrets,
    ScheduleIndex schedule,
    SharedVersionIndex versions,
    ReplicaTransport transport,
    Executor blockingIo,
    Duration maxPushBackoff,
    BiConsumer<String, Duration> replicationLag,
    UnacknowledgedPushes unacknowledgedPushes,
    KeyDestroyedListener onDestroyed,
    KeyPresentListener onKeyPresent,
    Function<Principal, IdentityPolicy> identityPolicies,
    GrantIndex grantIndex) {

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
