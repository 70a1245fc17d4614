package com.verenc.kms.node.persistence.breaker;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.pattern.CircuitBreaker;

/**
 * The circuit breakers of this node's journal and snapshot store, as their plugin actors register
 * them when they start, so that /metrics can read their state.
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

  private PluginBreakers() {}

  public static PluginBreakers get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  /**
   * The breaker a plugin actor guards its database calls with. A restarted plugin actor has a new
   * breaker, which replaces the old one.
   */
  void register(PersistencePlugin plugin, CircuitBreaker breaker) {
    breakers.put(
        plugin,
        Objects.requireNonNull(
            breaker,
            () ->
                "The Pekko Persistence "
                    + plugin.label()
                    + " has no circuit breaker yet when its constructor returns: the breaker"
                    + " accessor of this Pekko version no longer works as PluginBreakers expects"));
  }

  /** Empty until the plugin has started (the first entity that needs it starts it). */
  public Optional<BreakerState> state(PersistencePlugin plugin) {
    return Optional.ofNullable(breakers.get(plugin)).map(BreakerState::of);
  }
}
