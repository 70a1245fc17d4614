package com.verenc.kms.node.deletion;

import com.verenc.kms.node.key.KeyCommand;
import com.verenc.kms.node.key.KeyEntity;
import com.verenc.kms.node.secrets.KeySecretStore;
import java.time.Clock;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * Destroys keys whose deletion date has passed, even when nobody addresses them: one per zone
 * (a cluster singleton, which is per data centre), so it survives the loss of any one node.
 */
public final class DeletionSweeper {
  /** The sweeper's only message: look now. */
  public enum Tick { INSTANCE }

  private static final int BATCH = 500;

  private DeletionSweeper() {}

  public static void init(ActorSystem<?> system, String zone, Clock clock, KeySecretStore secrets, Duration interval) {
    Behavior<Tick> behavior = Behaviors.supervise(create(zone, clock, secrets, interval))
        .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 0.2));
    ClusterSingleton.get(system).init(SingletonActor.of(behavior, "deletion-sweeper")
        .withProps(DispatcherSelector.fromConfig("kms-key-dispatcher")));
  }

  static Behavior<Tick> create(String zone, Clock clock, KeySecretStore secrets, Duration interval) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, interval);
      ClusterSharding sharding = ClusterSharding.get(ctx.getSystem());
      String prefix = "key|" + zone + "|";
      return Behaviors.receiveMessage(tick -> {
        for (String persistenceId : secrets.dueForDestruction(clock.instant(), BATCH)) {
          if (persistenceId.startsWith(prefix)) {
            String keyId = persistenceId.substring(prefix.length());
            sharding.entityRefFor(KeyEntity.TYPE_KEY, keyId).tell(new KeyCommand.DestroyIfDue(null));
          }
        }
        return Behaviors.same();
      });
    }));
  }
}
