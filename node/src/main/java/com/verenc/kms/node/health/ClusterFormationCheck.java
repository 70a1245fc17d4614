package com.verenc.kms.node.health;

import com.verenc.kms.node.formation.FormationReport;
import com.verenc.kms.node.formation.FormationState;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * Readiness: this node is not on the younger side of a cluster split, i.e. no node it was
 * configured with, or was a member with, answers from a cluster that has existed longer than its
 * own. Such a node serves a cluster of its own beside the installation's and must take no traffic.
 */
public final class ClusterFormationCheck implements Supplier<CompletionStage<Boolean>> {
  private final ActorSystem system;

  public ClusterFormationCheck(ActorSystem system) {
    this.system = system;
  }

  @Override
  public CompletionStage<Boolean> get() {
    FormationReport report = FormationState.get(Adapter.toTyped(system)).report();
    return CompletableFuture.completedFuture(report != null && !report.outsideItsCluster());
  }
}
