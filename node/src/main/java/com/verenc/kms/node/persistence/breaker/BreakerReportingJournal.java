package com.verenc.kms.node.persistence.breaker;

import com.typesafe.config.Config;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.jdbc.journal.JdbcAsyncWriteJournal;

/**
 * The pekko-persistence-jdbc journal, unchanged but for registering its circuit breaker with {@link
 * PluginBreakers} (configured as jdbc-journal.class in persistence.conf).
 */
public final class BreakerReportingJournal extends JdbcAsyncWriteJournal {
  public BreakerReportingJournal(Config config) {
    super(config);
    // AsyncWriteJournal keeps its breaker in a private val; Scala compiles it to this public
    // accessor. Calling it here binds at compile time, so a Pekko upgrade that renames or drops it
    // breaks the build (or, for a jar swapped under a built node, the plugin's start), not the
    // metric silently.
    PluginBreakers.get(Adapter.toTyped(context().system()))
        .register(
            PersistencePlugin.JOURNAL,
            org$apache$pekko$persistence$journal$AsyncWriteJournal$$breaker());
  }
}
