package com.verenc.kms.node.health;

import com.verenc.kms.node.persistence.ZoneDatabase;
import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/** Readiness: the zone database answers, so keys can be created, recovered and changed. */
public final class ZoneDatabaseCheck implements Supplier<CompletionStage<Boolean>> {
  private static final int VALIDATION_SECONDS = 2;
  private final ActorSystem system;

  public ZoneDatabaseCheck(ActorSystem system) {
    this.system = system;
  }

  @Override
  public CompletionStage<Boolean> get() {
    ZoneDatabase database = NodeResources.get(Adapter.toTyped(system)).database();
    if (database == null) {
      return CompletableFuture.completedFuture(false);
    }
    // JDBC blocks: run it on the dispatcher meant for blocking calls.
    return CompletableFuture.supplyAsync(
        () -> {
          try (Connection c = database.dataSource().getConnection()) {
            return c.isValid(VALIDATION_SECONDS);
          } catch (Exception e) {
            return false;
          }
        },
        system.dispatchers().lookup("kms-key-dispatcher"));
  }
}
