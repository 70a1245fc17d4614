package com.verenc.kms.protocol.model;

/** The lifecycle state of a key, with its spelling in each wire dialect. */
public enum KeyState {
  CREATING("Creating"),
  ENABLED("Enabled"),
  DISABLED("Disabled"),
  PENDING_DELETION("PendingDeletion"),
  PENDING_IMPORT("PendingImport"),
  PENDING_REPLICA_DELETION("PendingReplicaDeletion"),
  UNAVAILABLE("Unavailable"),
  UPDATING("Updating");

  private final String awsName;

  KeyState(String awsName) {
    this.awsName = awsName;
  }

  /** As the AWS SDKs expect it, e.g. {@code PendingDeletion}. */
  public String awsName() {
    return awsName;
  }

  /** As the seed page shows it, e.g. {@code PENDING_DELETION}. */
  public String seedName() {
    return name();
  }

  /**
   * Reads either spelling.
   *
   * @throws IllegalArgumentException naming the accepted values when {@code value} is neither
   */
  public static KeyState fromWire(String value) {
    for (KeyState state : values()) {
      if (state.awsName.equals(value) || state.name().equals(value)) {
        return state;
      }
    }
    throw new IllegalArgumentException(
        "Unknown key state "
            + (value == null ? "null" : "'" + value + "'")
            + ": expected one of Creating, Enabled, Disabled, PendingDeletion, PendingImport,"
            + " PendingReplicaDeletion, Unavailable, Updating (or the same in UPPER_SNAKE_CASE)");
  }
}
