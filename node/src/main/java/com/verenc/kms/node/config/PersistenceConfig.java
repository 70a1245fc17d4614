package com.verenc.kms.node.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;

/** Builds the pekko-persistence-jdbc shared database block from the node's database settings. */
public final class PersistenceConfig {
  private PersistenceConfig() {}

  public static Config forDatabase(DatabaseSettings db) {
    String prefix = "pekko-persistence-jdbc.shared-databases.kms.";
    return ConfigFactory.parseMap(
        Map.of(
            prefix + "profile", db.kind().slickProfile,
            prefix + "db.url", db.url(),
            prefix + "db.user", db.user(),
            prefix + "db.password", db.password(),
            prefix + "db.driver", db.kind().driver,
            prefix + "db.numThreads", db.journalConnections(),
            prefix + "db.maxConnections", db.journalConnections(),
            prefix + "db.minConnections", 1,
            prefix + "db.connectionTimeout", 10000));
  }
}
