package com.verenc.kms.node.key;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Leases on keys whose entity runs on another node of the zone, so every node serves their crypto
 * requests itself (a request landing on a node without the key's entity would otherwise cross to
 * that node and back). The entity grants a node's {@link LeaseHolder} a lease of a bounded time
 * and, before it handles anything that may change the key, revokes every lease of the zone and
 * waits until each holder confirmed or the leases ran out ({@link LeaseLedger}): a change that
 * returned is honoured on every node, as on the entity's own ({@link ResidentKeys}).
 */
public final class ZoneLeases implements Extension {
  public static final ExtensionId<ZoneLeases> ID =
      new ExtensionId<>() {
        @Override
        public ZoneLeases createExtension(ActorSystem<?> system) {
          return new ZoneLeases(system, system.settings().config().getConfig("kms.zone-leases"));
        }
      };

  /** A node asks its entity about the same key at most this often unless a lease is renewed. */
  private static final long ASK_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

  private final ActorSystem<?> system;
  private final boolean enabled;
  private final Duration duration;
  private final ConcurrentHashMap<String, Long> lastAsked = new ConcurrentHashMap<>();
  private volatile ActorRef<KeyLeaseNotice> holder;
  private String zone;
  private SecretVault secrets;
  private Executor blockingIo;
  private volatile Set<ActorRef<KeyLeaseNotice>> zoneHolders = Set.of();

  private ZoneLeases(ActorSystem<?> system, Config config) {
    this.system = system;
    this.enabled =
        config.getBoolean("enabled") && system.settings().config().getBoolean("kms.resident-keys");
    this.duration = config.getDuration("duration");
  }

  public static ZoneLeases get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  /** Starts this node's holder and its view of the zone's holders (the node's start-up). */
  public void start(String zone, SecretVault secrets, Executor blockingIo) {
    if (!enabled) {
      return;
    }
    this.zone = zone;
    this.secrets = secrets;
    this.blockingIo = blockingIo;
    system.systemActorOf(listing(serviceKey(zone)), "key-lease-holders", Props.empty());
    holder = startHolder("key-lease-holder", true, true);
  }

  /**
   * Starts a holder on this node, registered with the zone's; a second one only in tests ({@code
   * confirmsRevocations} false: a node that is cut off or stalled; {@code listed} false: a node the
   * receptionist does not list yet, which a new incarnation of a key's entity cannot tell).
   */
  ActorRef<KeyLeaseNotice> startHolder(String name, boolean confirmsRevocations, boolean listed) {
    ActorRef<KeyLeaseNotice> spawned =
        system.systemActorOf(
            LeaseHolder.create(
                zone,
                ResidentKeys.get(system),
                ClusterSharding.get(system),
                secrets,
                blockingIo,
                confirmsRevocations),
            name,
            Props.empty());
    if (listed) {
      system.receptionist().tell(Receptionist.register(serviceKey(zone), spawned));
    }
    return spawned;
  }

  /** Under which the holders of {@code zone}'s nodes are registered with the receptionist. */
  static ServiceKey<KeyLeaseNotice> serviceKey(String zone) {
    return ServiceKey.create(KeyLeaseNotice.class, "key-leases|" + zone);
  }

  private Behavior<Receptionist.Listing> listing(ServiceKey<KeyLeaseNotice> key) {
    return Behaviors.setup(
        ctx -> {
          system.receptionist().tell(Receptionist.subscribe(key, ctx.getSelf()));
          return Behaviors.receiveMessage(
              listing -> {
                zoneHolders = Set.copyOf(listing.getServiceInstances(key));
                return Behaviors.same();
              });
        });
  }

  boolean enabled() {
    return enabled && holder != null;
  }

  Duration duration() {
    return duration;
  }

  /** Every node's holder the zone's receptionist lists now (this node's included). */
  Set<ActorRef<KeyLeaseNotice>> zoneHolders() {
    return zoneHolders;
  }

  /** Whether {@code other} is this node's own holder: a key's entity leases to other nodes only. */
  boolean isLocal(ActorRef<KeyLeaseNotice> other) {
    return other.path().address().hasLocalScope();
  }

  /**
   * A request for {@code keyId} was served by its entity: ask it for a lease, unless this node
   * asked a moment ago.
   */
  public void wanted(String keyId) {
    if (!enabled()) {
      return;
    }
    long now = System.nanoTime();
    Long last = lastAsked.get(keyId);
    if (last != null && now - last < ASK_INTERVAL_NANOS) {
      return;
    }
    lastAsked.put(keyId, now);
    if (lastAsked.size() > 100_000) {
      lastAsked.clear();
    }
    holder.tell(new KeyLeaseNotice.Wanted(keyId, 0));
  }
}
