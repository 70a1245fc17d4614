package com.verenc.kms.node.formation;

import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Logs what changed between two reports: each split and zone-settings mismatch once, at ERROR, when
 * it appears, and at INFO when it is gone, so an operator's log shows when it started without
 * repeating it every check.
 */
final class FormationLog {
  private final Logger log;
  private Set<FormationReport.Split> splits = Set.of();
  private Set<FormationReport.ZoneMismatch> mismatches = Set.of();

  FormationLog(Logger log) {
    this.log = log;
  }

  void changed(String self, FormationReport report) {
    Set<String> splitNodes = new HashSet<>();
    for (FormationReport.Split split : report.splits()) {
      splitNodes.add(split.node());
      if (splits.stream().noneMatch(s -> s.node().equals(split.node()))) {
        log.error(
            "Cluster split: {} (zone {}) answers from another cluster, of {}. {}",
            split.node(),
            split.zone(),
            split.members(),
            split.thisNodeIsOutside()
                ? "That cluster has existed longer: this node "
                    + self
                    + " is outside the installation's cluster and reports itself not ready"
                    + " (/ready). Stop it and start it with KMS_SEED_NODES naming running nodes of"
                    + " the installation, e.g. "
                    + hostPort(split.node())
                    + "."
                : "This node's cluster has existed longer; the other cluster is outside the"
                    + " installation: restart its nodes with KMS_SEED_NODES naming running nodes"
                    + " of this one.");
      }
    }
    splits.stream()
        .filter(s -> !splitNodes.contains(s.node()))
        .forEach(
            s -> log.info("Cluster split over: {} answers from this node's cluster", s.node()));
    Set<String> mismatchNodes = new HashSet<>();
    for (FormationReport.ZoneMismatch mismatch : report.zoneMismatches()) {
      mismatchNodes.add(mismatch.node());
      if (!mismatches.contains(mismatch)) {
        log.error(
            "Zone settings differ between members: {} (zone {}) has KMS_ZONES {}, this node {} has"
                + " {}. Give every node the same KMS_ZONES (and KMS_PLATFORM_PRIMARY_ZONE).",
            mismatch.node(),
            mismatch.zone(),
            mismatch.zoneSettings(),
            self,
            report.zoneSettings());
      }
    }
    mismatches.stream()
        .filter(m -> !mismatchNodes.contains(m.node()))
        .forEach(
            m -> log.info("Zone settings agree again: {} has this node's KMS_ZONES", m.node()));
    splits = Set.copyOf(report.splits());
    mismatches = Set.copyOf(report.zoneMismatches());
  }

  private static String hostPort(String address) {
    int at = address.indexOf('@');
    return at < 0 ? address : address.substring(at + 1);
  }
}
