package com.verenc.kms.node.persistence.breaker;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.pattern.CircuitBreaker;

/**
 * The circuit breakers of this node's journal and snapshot store, as their plugin actors register
 * them when they start, so that /metrics can read their state and how often they opened.
 */
public final class PluginBreakers implements Extension {
  public static final ExtensionId<PluginBreakers> ID =
      new ExtensionId<>() {
        @Override
        public PluginBreakers createExtension(ActorSystem<?> system) {
          return new PluginBreakers();
        }
      };

  private final Map<PersistencePlugin, CircuitBreaker> breakers = new ConcurrentHashMap<>();

  /**
   * Openings are counted, not only sampled: an open phase (the reset timeout, 5 s) can be shorter
   * than a scrape interval, and a breaker that half-opened with no call since stays half-open.
   */
  private final Map<PersistencePlugin, AtomicLong> openings =
      new EnumMap<>(PersistencePlugin.class);

  private PluginBreakers() {
    for (PersistencePlugin plugin : PersistencePlugin.values()) {
      openings.put(plugin, new AtomicLong());
    }
  }

  public static PluginBreakers get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  /**
   * The breaker a plugin actor guards its database calls with. A restarted plugin actor has a new
   * breaker, which replaces the old one.
   */
  void register(PersistencePlugin plugin, CircuitBreaker breaker) {
    AtomicLong opened = openings.get(plugin);
    breakers.put(
        plugin,
        Objects.requireNonNull(
            breaker,
            () ->
                "The Pekko Persistence "
                    + plugin.label()
                    + " has no circuit breaker yet when its constructor returns: the breaker"
                    + " accessor of this Pekko version no longer works as PluginBreakers expects"));
    breaker.addOnOpenListener(() -> opened.incrementAndGet());
  }

  /** Empty until the plugin has started (the first entity that needs it starts it). */
  public Optional<BreakerState> state(PersistencePlugin plugin) {
    return Optional.ofNullable(breakers.get(plugin)).map(BreakerState::of);
  }

  /**
   * How often the plugin's breaker opened since the node started: from closed after failures, or
   * again from half-open when its probe call failed.
   */
  public long timesOpened(PersistencePlugin plugin) {
    return openings.get(plugin).get();
  }
}
