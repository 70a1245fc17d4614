package com.verenc.kms.node.key;

import com.verenc.kms.node.key.KeyEntityState.Live;
import com.verenc.kms.node.key.KeyLease.Released;
import com.verenc.kms.node.key.KeyLease.Request;
import com.verenc.kms.node.key.KeyLease.RevocationDue;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One key entity's leases to the zone's other nodes ({@link ZoneLeases}), used only from the
 * entity's thread. A lease is granted only from the state the entity itself published last (so a
 * usable key, unchanged since it served a crypto request). Before the entity handles anything but a
 * crypto request, its own outcomes and lease messages while leases may be out, it revokes them:
 * every holder of the zone is told, and the entity waits (stashing) until each confirmed or the
 * last lease it granted ran out. A new incarnation does not know what an earlier one granted (nor
 * to whom: a holder the receptionist does not list yet is not told), so for one lease time after
 * recovering a live key it revokes the same way and then holds every change back until that time is
 * over, whoever confirmed; crypto requests are served meanwhile.
 */
final class LeaseLedger {
  /** Added to the entity's count of a lease, against timer and message-delivery jitter. */
  private static final long MARGIN_NANOS = Duration.ofMillis(250).toNanos();

  private static final String TIMER = "lease-revocation";

  private final String keyId;
  private final ZoneLeases leases;
  private final ActorContext<KeyMessage> actor;
  private final TimerScheduler<KeyMessage> timers;
  private final ResidentPublisher resident;
  private final Rejections names;

  /**
   * Leases of this generation were granted from {@link #generationOf}; any change starts another.
   */
  private long generation = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);

  private KeyRecord generationOf;

  /** Whether leases granted since the last revocation may still run, and until when at most. */
  private boolean granted;

  private long grantedUntilNanos;
  private final Set<ActorRef<KeyLeaseNotice>> grantedTo = new HashSet<>();

  /** Whether an earlier incarnation's leases may still run, and until when at most. */
  private boolean unknown;

  private long unknownUntilNanos;

  private long revocations;

  /** The revocation under way (0: none) and the holders that have not confirmed it yet. */
  private long revocation;

  /**
   * Whether the revocation under way waits for holders to confirm (everything waits meanwhile);
   * once none is left to, it may still wait out an earlier incarnation's leases (only changes
   * wait).
   */
  private boolean confirming;

  private final Set<ActorRef<KeyLeaseNotice>> awaiting = new HashSet<>();

  LeaseLedger(
      String keyId,
      ZoneLeases leases,
      ActorContext<KeyMessage> actor,
      TimerScheduler<KeyMessage> timers,
      ResidentPublisher resident,
      Rejections names) {
    this.keyId = keyId;
    this.leases = leases;
    this.actor = actor;
    this.timers = timers;
    this.resident = resident;
    this.names = names;
  }

  /** Recovery done: a live key may have been leased by an earlier incarnation. */
  void recovered(boolean live) {
    if (leases.enabled() && live) {
      unknown = true;
      unknownUntilNanos = System.nanoTime() + leaseNanos() + MARGIN_NANOS;
    }
  }

  /**
   * The entity restarts after a journal failure: its timers are gone, so a revocation under way is
   * given up, and until every lease it may have granted ran out it revokes as a new incarnation.
   */
  void reset() {
    long until = System.nanoTime() + leaseNanos() + MARGIN_NANOS;
    boolean leased = granted || unknown || revocation != 0;
    revocation = 0;
    confirming = false;
    awaiting.clear();
    granted = false;
    grantedTo.clear();
    generationOf = null;
    if (leased) {
      unknown = true;
      unknownUntilNanos = until;
    }
  }

  /**
   * Whether a revocation waits for holders to confirm: the entity stashes everything else
   * meanwhile.
   */
  boolean revoking() {
    return revocation != 0 && confirming;
  }

  /** Whether leases must be revoked before {@code message} is handled. */
  boolean mustRevokeBefore(KeyMessage message) {
    return revocation == 0 && guarded(message) && outstanding();
  }

  /**
   * Whether {@code message} waits (stashed) for an earlier incarnation's leases to run out: every
   * holder the revocation told confirmed, but one the receptionist did not list may still serve.
   */
  boolean holdsBack(KeyMessage message) {
    return revocation != 0 && !confirming && guarded(message);
  }

  /** Anything but a crypto request, the entity's own outcomes and lease messages may change it. */
  private static boolean guarded(KeyMessage message) {
    return !(message instanceof KeyInternal || message instanceof KeyLease || crypto(message));
  }

  private static boolean crypto(KeyMessage message) {
    return message instanceof KeyCommand.CryptoCommand<?>
        || (message instanceof KeyCommand.AsRequester<?> asked
            && asked.command() instanceof KeyCommand.CryptoCommand<?>);
  }

  private boolean outstanding() {
    long now = System.nanoTime();
    if (granted && now - grantedUntilNanos >= 0) {
      granted = false;
      grantedTo.clear();
    }
    if (unknown && now - unknownUntilNanos >= 0) {
      unknown = false;
    }
    return granted || unknown;
  }

  /** Tells every holder to drop the key; {@link #released} or {@link #due} ends the wait. */
  void revoke() {
    revocation = ++revocations;
    awaiting.clear();
    awaiting.addAll(leases.zoneHolders());
    awaiting.addAll(grantedTo);
    confirming = !awaiting.isEmpty();
    for (ActorRef<KeyLeaseNotice> holder : awaiting) {
      holder.tell(new KeyLeaseNotice.Revoke(keyId, revocation, actor.getSelf()));
    }
    long now = System.nanoTime();
    long until = Math.max(granted ? grantedUntilNanos : now, unknown ? unknownUntilNanos : now);
    timers.startSingleTimer(
        TIMER, new RevocationDue(revocation), Duration.ofNanos(Math.max(1, until - now)));
  }

  /**
   * A holder confirmed; whether the stashed messages run now: all of them when the revocation is
   * complete, the crypto requests only while an earlier incarnation's leases may still run (the
   * changes are stashed again until {@link #due}).
   */
  boolean released(Released released) {
    if (released.revocation() != revocation || !confirming) {
      return false;
    }
    awaiting.remove(released.holder());
    if (!awaiting.isEmpty()) {
      return false;
    }
    if (unknown && System.nanoTime() - unknownUntilNanos < 0) {
      confirming = false;
      return true;
    }
    finish();
    return true;
  }

  /** Every lease waited for ran out; whether this ends the revocation under way. */
  boolean due(RevocationDue due) {
    if (due.revocation() != revocation) {
      return false;
    }
    if (!awaiting.isEmpty()) {
      actor
          .getLog()
          .warn(
              "Key {}: {} node(s) of the zone did not confirm dropping the key; their leases ran"
                  + " out before the change went ahead: {}",
              keyId,
              awaiting.size(),
              awaiting);
    }
    finish();
    return true;
  }

  private void finish() {
    timers.cancel(TIMER);
    revocation = 0;
    confirming = false;
    awaiting.clear();
    granted = false;
    grantedTo.clear();
    unknown = false;
    generationOf = null;
  }

  /** Answers a holder's request: a lease, its extension, or a refusal. */
  void request(KeyEntityState state, Request request) {
    ActorRef<KeyLeaseNotice> holder = request.holder();
    // While a change waits out an earlier incarnation's leases, a new one would outlive the change.
    if (!leases.enabled()
        || revocation != 0
        || leases.isLocal(holder)
        || !(state instanceof Live live)
        || !resident.publishes(live.key())) {
      holder.tell(new KeyLeaseNotice.Refused(keyId));
      return;
    }
    KeyRecord key = live.key();
    if (key != generationOf) {
      generation++;
      generationOf = key;
    }
    long leaseMillis = leases.duration().toMillis();
    long until = System.nanoTime() + leaseNanos() + MARGIN_NANOS;
    grantedUntilNanos = granted ? Math.max(grantedUntilNanos, until) : until;
    granted = true;
    grantedTo.add(holder);
    if (request.heldGeneration() == generation) {
      holder.tell(new KeyLeaseNotice.Extended(keyId, generation, leaseMillis));
      return;
    }
    holder.tell(
        new KeyLeaseNotice.Granted(
            actor.getSelf(),
            generation,
            leaseMillis,
            key.identity(),
            names.arn(key),
            resident.allowedActions(key),
            key.materials().current().version(),
            key.materials().versions(),
            key.materials().imported() == null ? null : key.materials().imported().validTo()));
  }

  private long leaseNanos() {
    return leases.duration().toNanos();
  }
}
