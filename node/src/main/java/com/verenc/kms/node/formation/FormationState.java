package com.verenc.kms.node.formation;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The node's latest {@link FormationReport}, for what Pekko instantiates itself (the readiness
 * check, the management routes) and for the metrics.
 */
public final class FormationState implements Extension {
  private volatile FormationReport report;

  public static final ExtensionId<FormationState> ID =
      new ExtensionId<>() {
        @Override
        public FormationState createExtension(ActorSystem<?> system) {
          return new FormationState();
        }
      };

  public static FormationState get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  void publish(FormationReport latest) {
    this.report = latest;
  }

  /** Null until the node's membership watch has started. */
  public FormationReport report() {
    return report;
  }
}
