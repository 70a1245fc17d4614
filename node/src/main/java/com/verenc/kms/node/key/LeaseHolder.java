package com.verenc.kms.node.key;

import com.verenc.kms.crypto.CryptoException;
import com.verenc.kms.crypto.KeyWrap;
import com.verenc.kms.node.key.KeyLeaseNotice.Extended;
import com.verenc.kms.node.key.KeyLeaseNotice.Granted;
import com.verenc.kms.node.key.KeyLeaseNotice.Refused;
import com.verenc.kms.node.key.KeyLeaseNotice.Revoke;
import com.verenc.kms.node.key.KeyLeaseNotice.SecretRead;
import com.verenc.kms.node.key.KeyLeaseNotice.Sweep;
import com.verenc.kms.node.key.KeyLeaseNotice.Wanted;
import com.verenc.kms.node.key.model.KeyIdentity;
import com.verenc.kms.node.key.model.MaterialVersion;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * One node's leases on keys whose entity runs on another node of the zone ({@link ZoneLeases}):
 * asks the entity, unwraps a granted key's material with the key's secret read from the zone
 * database, serves it through the node's {@link ResidentKeys} until the lease ends, and drops it
 * the moment the entity revokes it, before confirming.
 */
final class LeaseHolder extends AbstractBehavior<KeyLeaseNotice> {
  /** An unanswered ask is given up (and may be sent again) after this long. */
  private static final long ASK_EXPIRY_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** How often leases that ran out are dropped, so their material copies do not linger. */
  private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(10);

  private record Ask(long atNanos) {}

  private record Held(long generation, ResidentKey key) {}

  private final String zone;
  private final ResidentKeys resident;
  private final ClusterSharding sharding;
  private final SecretVault secrets;
  private final Executor blockingIo;
  private final Map<String, Ask> asked = new HashMap<>();
  private final Map<String, Ask> reading = new HashMap<>();
  private final Map<String, Held> held = new HashMap<>();

  private final boolean confirmsRevocations;

  /**
   * @param confirmsRevocations false only in tests: a holder that ignores revocations stands for a
   *     node that is cut off or stalled
   */
  static Behavior<KeyLeaseNotice> create(
      String zone,
      ResidentKeys resident,
      ClusterSharding sharding,
      SecretVault secrets,
      Executor blockingIo,
      boolean confirmsRevocations) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  timers.startTimerWithFixedDelay(new Sweep(), SWEEP_INTERVAL);
                  return new LeaseHolder(
                      ctx, zone, resident, sharding, secrets, blockingIo, confirmsRevocations);
                }));
  }

  private LeaseHolder(
      ActorContext<KeyLeaseNotice> ctx,
      String zone,
      ResidentKeys resident,
      ClusterSharding sharding,
      SecretVault secrets,
      Executor blockingIo,
      boolean confirmsRevocations) {
    super(ctx);
    this.confirmsRevocations = confirmsRevocations;
    this.zone = zone;
    this.resident = resident;
    this.sharding = sharding;
    this.secrets = secrets;
    this.blockingIo = blockingIo;
  }

  @Override
  public Receive<KeyLeaseNotice> createReceive() {
    return newReceiveBuilder()
        .onMessage(Wanted.class, this::ask)
        .onMessage(Granted.class, this::granted)
        .onMessage(SecretRead.class, this::secretRead)
        .onMessage(Extended.class, this::extended)
        .onMessage(Refused.class, this::refused)
        .onMessage(Revoke.class, this::revoke)
        .onMessage(Sweep.class, this::sweep)
        .build();
  }

  private Behavior<KeyLeaseNotice> ask(Wanted wanted) {
    long now = System.nanoTime();
    Ask pending = asked.get(wanted.keyId());
    if (pending != null && now - pending.atNanos() < ASK_EXPIRY_NANOS) {
      return this;
    }
    asked.put(wanted.keyId(), new Ask(now));
    sharding
        .entityRefFor(KeyEntity.TYPE_KEY, wanted.keyId())
        .tell(new KeyLease.Request(getContext().getSelf(), wanted.heldGeneration()));
    return this;
  }

  private Behavior<KeyLeaseNotice> granted(Granted grant) {
    String keyId = grant.identity().keyId();
    Ask ask = asked.remove(keyId);
    // An answer to an ask given up, or one a revocation overtook: the next request asks again.
    if (ask == null || System.nanoTime() - ask.atNanos() >= leaseNanos(grant.leaseMillis())) {
      return this;
    }
    reading.put(keyId, ask);
    String persistenceId = KeyEntity.persistenceId(zone, keyId).id();
    getContext()
        .pipeToSelf(
            CompletableFuture.supplyAsync(() -> secrets.load(persistenceId), blockingIo),
            (secret, failure) ->
                new SecretRead(
                    grant, ask.atNanos(), failure == null ? secret : Optional.<byte[]>empty()));
    return this;
  }

  private Behavior<KeyLeaseNotice> secretRead(SecretRead read) {
    Granted grant = read.grant();
    KeyIdentity identity = grant.identity();
    Ask ask = reading.get(identity.keyId());
    if (ask == null || ask.atNanos() != read.askedAtNanos() || read.secret().isEmpty()) {
      read.secret().ifPresent(secret -> Arrays.fill(secret, (byte) 0));
      return this;
    }
    reading.remove(identity.keyId());
    byte[] secret = read.secret().get();
    Map<Integer, byte[]> materials = new HashMap<>();
    try {
      for (MaterialVersion version : grant.versions()) {
        materials.put(version.version(), KeyWrap.unwrap(secret, version.wrappedMaterial()));
      }
    } catch (CryptoException e) {
      getContext()
          .getLog()
          .warn(
              "Key {}: its leased material does not unwrap here; not served locally",
              identity.keyId());
      materials.values().forEach(m -> Arrays.fill(m, (byte) 0));
      return this;
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
    String keyId = identity.keyId();
    long generation = grant.generation();
    // Renewals are asked from the request threads: they tell the holder, never touch its context.
    ActorRef<KeyLeaseNotice> self = getContext().getSelf();
    ResidentKey key =
        new ResidentKey(
            keyId,
            identity.accountId(),
            grant.keyArn(),
            grant.allowedActions(),
            identity.type(),
            identity.keyUsage(),
            grant.currentVersion(),
            materials,
            grant.usableUntil(),
            new LeaseTerm(
                ask.atNanos(),
                leaseNanos(grant.leaseMillis()),
                () -> self.tell(new Wanted(keyId, generation))));
    if (resident.publishLease(key)) {
      Held previous = held.put(keyId, new Held(generation, key));
      if (previous != null) {
        resident.withdrawLease(previous.key());
      }
    }
    return this;
  }

  private Behavior<KeyLeaseNotice> extended(Extended extended) {
    Ask ask = asked.remove(extended.keyId());
    Held current = held.get(extended.keyId());
    if (current == null) {
      return this;
    }
    if (ask != null && current.generation() == extended.generation()) {
      current.key().lease().extend(ask.atNanos(), leaseNanos(extended.leaseMillis()));
    } else {
      current.key().lease().renewalAnswered();
    }
    return this;
  }

  private Behavior<KeyLeaseNotice> refused(Refused refused) {
    asked.remove(refused.keyId());
    drop(refused.keyId());
    return this;
  }

  private Behavior<KeyLeaseNotice> revoke(Revoke revoke) {
    if (!confirmsRevocations) {
      return this;
    }
    asked.remove(revoke.keyId());
    reading.remove(revoke.keyId());
    drop(revoke.keyId());
    revoke.entity().tell(new KeyLease.Released(getContext().getSelf(), revoke.revocation()));
    return this;
  }

  private Behavior<KeyLeaseNotice> sweep(Sweep sweep) {
    held.values()
        .removeIf(
            h -> {
              if (!h.key().lease().ended()) {
                return false;
              }
              resident.withdrawLease(h.key());
              return true;
            });
    return this;
  }

  private void drop(String keyId) {
    Held dropped = held.remove(keyId);
    if (dropped != null) {
      resident.withdrawLease(dropped.key());
    }
  }

  private static long leaseNanos(long millis) {
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }
}
