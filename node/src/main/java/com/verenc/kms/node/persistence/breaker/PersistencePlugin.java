package com.verenc.kms.node.persistence.breaker;

/** The two Pekko Persistence plugins between the key entities and the zone database. */
public enum PersistencePlugin {
  JOURNAL("journal"),
  SNAPSHOT_STORE("snapshot-store");

  private final String label;

  PersistencePlugin(String label) {
    this.label = label;
  }

  /** The value of the metric's plugin label. */
  public String label() {
    return label;
  }
}
