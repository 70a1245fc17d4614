package com.verenc.kms.node.persistence.breaker;

import com.typesafe.config.Config;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.jdbc.snapshot.JdbcSnapshotStore;

/**
 * The pekko-persistence-jdbc snapshot store, unchanged but for registering its circuit breaker with
 * {@link PluginBreakers} (configured as jdbc-snapshot-store.class in persistence.conf).
 */
public final class BreakerReportingSnapshotStore extends JdbcSnapshotStore {
  public BreakerReportingSnapshotStore(Config config) {
    super(config);
    // SnapshotStore keeps its breaker in a private val; see BreakerReportingJournal for why the
    // Scala accessor is called directly.
    PluginBreakers.get(Adapter.toTyped(context().system()))
        .register(
            PersistencePlugin.SNAPSHOT_STORE,
            org$apache$pekko$persistence$snapshot$SnapshotStore$$breaker());
  }
}
