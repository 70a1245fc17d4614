package com.verenc.kms.node.usage;

import com.verenc.kms.node.config.NodeSettings;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import scala.concurrent.ExecutionContextExecutor;

/**
 * Runs a node's usage ledger: flushes it every flush interval on the blocking executor, and writes
 * every pending use once the node has answered its last request at shutdown.
 */
public final class UsageFlushing {
  private UsageFlushing() {}

  public static UsageLedger start(
      ActorSystem<?> system,
      UsageStore store,
      Clock clock,
      NodeSettings.UsageTracking settings,
      ExecutionContextExecutor blockingIo) {
    UsageLedger ledger = new UsageLedger(store, clock, settings.writeInterval(), blockingIo);
    system
        .scheduler()
        .scheduleWithFixedDelay(
            settings.flushInterval(),
            settings.flushInterval(),
            () -> ledger.flush(false),
            blockingIo);
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseServiceStop(),
            "usage-ledger-flush",
            () ->
                CompletableFuture.supplyAsync(
                    () -> {
                      ledger.flush(true);
                      return Done.getInstance();
                    },
                    blockingIo));
    return ledger;
  }
}
