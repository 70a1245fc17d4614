package com.verenc.kms.node.key;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The keys whose entity runs on this node and last found them usable, as each entity published
 * them, so their cryptographic operations can be served on the request's own thread without a round
 * trip through sharding to the entity.
 *
 * <p>The entity stays the authority: it withdraws its key on every event (before the event is
 * written, so before any change is acknowledged) and when it stops, and publishes it again only
 * after serving a request the slow way from its new state. A disabled, deleted or rotated key is
 * therefore never served from here once the change has been acknowledged. Anything this cannot
 * answer with certainty (not resident, another account, a policy that does not allow the action, a
 * material version not unwrapped yet, a ciphertext that does not open) goes to the entity, which
 * words the refusal. A withdrawn key's material copies are zeroed once no request uses them.
 */
public final class ResidentKeys implements Extension {
  public static final ExtensionId<ResidentKeys> ID =
      new ExtensionId<>() {
        @Override
        public ResidentKeys createExtension(ActorSystem<?> system) {
          return new ResidentKeys(system.settings().config().getBoolean("kms.resident-keys"));
        }
      };

  private final ConcurrentHashMap<String, ResidentKey> keys = new ConcurrentHashMap<>();
  private final boolean enabled;

  ResidentKeys(boolean enabled) {
    this.enabled = enabled;
  }

  public static ResidentKeys get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  /**
   * The answer to a cryptographic request when this node can give it without the entity; empty
   * otherwise.
   */
  public <A extends KeyAnswer> Optional<A> serve(String keyId, CryptoRequest<A> request) {
    ResidentKey key = keys.get(keyId);
    return key == null ? Optional.empty() : key.serve(request);
  }

  /**
   * Whether publishing is worth the copies: false when the node serves every request through the
   * entity.
   */
  boolean enabled() {
    return enabled;
  }

  /**
   * Serves {@code key} from now on, in place of the key's earlier publication, which is retired.
   */
  void publish(ResidentKey key) {
    ResidentKey replaced = keys.put(key.keyId(), key);
    if (replaced != null) {
      replaced.retire();
    }
  }

  /**
   * Serves {@code key}, held on lease, unless the key's entity published it here itself (the entity
   * moved to this node: its own publication is the authority). Whether it was taken.
   */
  boolean publishLease(ResidentKey key) {
    ResidentKey[] replaced = new ResidentKey[1];
    ResidentKey now =
        keys.compute(
            key.keyId(),
            (id, current) -> {
              if (current != null && current.lease() == null) {
                return current;
              }
              replaced[0] = current;
              return key;
            });
    if (replaced[0] != null) {
      replaced[0].retire();
    }
    if (now != key) {
      key.retire();
      return false;
    }
    return true;
  }

  /** Stops serving {@code key} if it is still what serves its id (a lease revoked or ended). */
  void withdrawLease(ResidentKey key) {
    if (keys.remove(key.keyId(), key)) {
      key.retire();
    }
  }

  /** Whether {@code keyId} is served here on a lease from its entity on another node. */
  boolean leased(String keyId) {
    ResidentKey key = keys.get(keyId);
    return key != null && key.lease() != null;
  }

  /** The lease {@code keyId} is served on here now (null: none), so tests tell whose it is. */
  LeaseTerm leaseOf(String keyId) {
    ResidentKey key = keys.get(keyId);
    return key == null ? null : key.lease();
  }

  void withdraw(String keyId) {
    ResidentKey withdrawn = keys.remove(keyId);
    if (withdrawn != null) {
      withdrawn.retire();
    }
  }
}
