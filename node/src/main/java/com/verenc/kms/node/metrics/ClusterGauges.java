package com.verenc.kms.node.metrics;

import com.verenc.kms.node.formation.FormationReport;
import com.verenc.kms.node.formation.FormationState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The installation as this node sees it, read from the cluster state at each scrape: members per
 * zone and status, unreachable members per zone, and whether its membership watch finds a split or
 * members with other zone settings.
 */
final class ClusterGauges {
  private ClusterGauges() {}

  static void bind(MeterRegistry registry, ActorSystem<?> system, Set<String> zones) {
    Cluster cluster = Cluster.get(system);
    for (String zone : zones) {
      for (MemberStatus status : statuses()) {
        String name = status.toString().toLowerCase(java.util.Locale.ROOT);
        Gauge.builder("kms.cluster.members", cluster, c -> count(c.state(), zone, status))
            .description("Cluster members of each zone, by member status, as this node sees them")
            .tag("zone", zone)
            .tag("status", name)
            .register(registry);
      }
      Gauge.builder("kms.cluster.unreachable.members", cluster, c -> unreachable(c.state(), zone))
          .description("Members of each zone this node's failure detector finds unreachable")
          .tag("zone", zone)
          .register(registry);
    }
    FormationState formation = FormationState.get(system);
    Gauge.builder("kms.cluster.split", formation, f -> flag(f, FormationReport::split))
        .description(
            "1 when a seed node or member answers from another cluster than this node's (a split)")
        .register(registry);
    Gauge.builder(
            "kms.cluster.zone.config.mismatch",
            formation,
            f -> flag(f, FormationReport::zoneMismatch))
        .description(
            "1 when a member of this node's cluster has other KMS_ZONES (or platform primary zone)")
        .register(registry);
  }

  private static double flag(FormationState state, Predicate<FormationReport> test) {
    FormationReport report = state.report();
    return report != null && test.test(report) ? 1 : 0;
  }

  private static Set<MemberStatus> statuses() {
    return Set.of(
        MemberStatus.joining(),
        MemberStatus.weaklyUp(),
        MemberStatus.up(),
        MemberStatus.leaving(),
        MemberStatus.exiting(),
        MemberStatus.down());
  }

  private static double count(ClusterEvent.CurrentClusterState state, String zone, MemberStatus s) {
    return StreamSupport.stream(state.getMembers().spliterator(), false)
        .filter(m -> inZone(m, zone) && m.status().equals(s))
        .count();
  }

  private static double unreachable(ClusterEvent.CurrentClusterState state, String zone) {
    return state.getUnreachable().stream().filter(m -> inZone(m, zone)).count();
  }

  private static boolean inZone(Member member, String zone) {
    return member.dataCenter().equals(zone);
  }
}
