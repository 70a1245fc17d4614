package com.verenc.kms.node.schedule;

import com.verenc.kms.node.key.KeyEntity;
import com.verenc.kms.node.key.KeyTick;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * Periodically tells the key entities that the zone's schedule says are due to act (destroy,
 * rotate, push to replica zones) a {@link KeyTick}, including idle, passivated keys. One per zone
 * (a cluster singleton is per data centre), so it survives the loss of any one node.
 */
public final class KeySweeper {
  /** The sweeper's only message: look now. */
  public enum Tick {
    INSTANCE
  }

  private static final int BATCH = 500;

  private KeySweeper() {}

  /**
   * @param due the persistence ids due at a given instant, at most the given number
   * @param keyTick what to tell a due key
   */
  public static void init(
      ActorSystem<?> system,
      String name,
      String zone,
      Clock clock,
      Duration interval,
      BiFunction<Instant, Integer, List<String>> due,
      KeyTick keyTick) {
    Behavior<Tick> behavior =
        Behaviors.supervise(create(zone, clock, interval, due, keyTick))
            .onFailure(
                SupervisorStrategy.restartWithBackoff(
                    Duration.ofSeconds(1), Duration.ofMinutes(1), 0.2));
    // JDBC reads: keep them off the default dispatcher.
    ClusterSingleton.get(system)
        .init(
            SingletonActor.of(behavior, name)
                .withProps(DispatcherSelector.fromConfig("kms-key-dispatcher")));
  }

  private static Behavior<Tick> create(
      String zone,
      Clock clock,
      Duration interval,
      BiFunction<Instant, Integer, List<String>> due,
      KeyTick keyTick) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  timers.startTimerWithFixedDelay(Tick.INSTANCE, interval);
                  ClusterSharding sharding = ClusterSharding.get(ctx.getSystem());
                  String prefix = KeyEntity.persistenceId(zone, "").id();
                  return Behaviors.receiveMessage(
                      tick -> {
                        for (String persistenceId : due.apply(clock.instant(), BATCH)) {
                          if (persistenceId.startsWith(prefix)) {
                            sharding
                                .entityRefFor(
                                    KeyEntity.TYPE_KEY, persistenceId.substring(prefix.length()))
                                .tell(keyTick);
                          }
                        }
                        return Behaviors.same();
                      });
                }));
  }
}
